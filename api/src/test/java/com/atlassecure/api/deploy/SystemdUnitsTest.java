package com.atlassecure.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The privileges the deploy units grant (review M9): parsed from deploy/systemd as systemd would read them. */
class SystemdUnitsTest {
    private static final Path SYSTEMD = Path.of("..", "deploy", "systemd");

    /** Directive to every value it is given, comments and section headers dropped. */
    static Map<String, List<String>> directives(Path unit) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(unit)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";") || trimmed.startsWith("[")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            out.computeIfAbsent(trimmed.substring(0, eq), k -> new ArrayList<>())
                    .add(trimmed.substring(eq + 1));
        }
        return out;
    }

    @Test
    void theApiHoldsOnlyNetAdminSpeaksOnlyToLoopbackAndGetsTheConfigGroupNotXrays() throws IOException {
        Map<String, List<String>> api = directives(SYSTEMD.resolve("atlas-api.service"));

        assertThat(api.get("CapabilityBoundingSet")).containsExactly("CAP_NET_ADMIN");
        assertThat(api.get("AmbientCapabilities")).containsExactly("CAP_NET_ADMIN");
        assertThat(api.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(api.get("IPAddressDeny")).containsExactly("any");
        assertThat(api.get("IPAddressAllow")).containsExactly("localhost");
        assertThat(api.get("RestrictAddressFamilies")).containsExactly("AF_UNIX AF_INET AF_INET6 AF_NETLINK");
        assertThat(api.get("SupplementaryGroups")).containsExactly("xray-config");
    }

    @Test
    void xrayRunsAsItsOwnUserAndReadsOnlyTheConfigGroup() throws IOException {
        Map<String, List<String>> xray =
                directives(SYSTEMD.resolve("xray.service.d").resolve("20-atlas.conf"));

        assertThat(xray.get("User")).containsExactly("xray");
        assertThat(xray.get("SupplementaryGroups"))
                .containsExactly("xray-config")
                .doesNotContain("atlas-api");
    }

    @Test
    void theUnusedXrayRestartRightIsGone() {
        assertThat(SYSTEMD.resolve("50-atlas-api-restart-xray.rules")).doesNotExist();
    }

    @Test
    void theEgressRulesLoadBeforeXray() throws IOException {
        Map<String, List<String>> egress = directives(SYSTEMD.resolve("atlas-xray-egress.service"));

        assertThat(egress.get("Before")).containsExactly("xray.service");
        assertThat(egress.get("ExecStart").get(0)).contains("atlas-xray-egress.sh --user xray");
    }
}
