package com.atlassecure.api.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A customer inside the tunnel tries to reach the server's own services (finding H3, M5): the real xray server
 * with the production config runs as a dedicated uid in a network namespace of the test's own, a DNS server of
 * the test's answers a rebinding name with a public address first and 127.0.0.1 next, and a real VLESS+REALITY
 * client asks for loopback, the xray gRPC port and the server's own public addresses.
 */
@RequiresXray
class CustomerEgressXrayIT {
    static final int XRAY_UID = 61_907;
    private static final Path EGRESS_SCRIPT = Path.of("..", "deploy", "nftables", "atlas-xray-egress.sh")
            .toAbsolutePath()
            .normalize();
    private static final Pattern PROBE = Pattern.compile("PROBE name=(\\S+) reached=(true|false) detail=(.*)");

    @BeforeAll
    static void hostCanRunNamespaces() {
        HostTools.requireOrAbort();
    }

    static Map<String, Boolean> lab(XrayBinary xray, String script, String freedom, String router) throws Exception {
        return lab(xray, script, freedom, router, "reference");
    }

    static Map<String, Boolean> lab(XrayBinary xray, String script, String freedom, String router, String dns)
            throws Exception {
        try (Netns ns = Netns.create(
                EgressLabMain.RESOLVER, List.of(EgressLabMain.OWN_V4, EgressLabMain.SITE_V4, EgressLabMain.OWN_V6))) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    EgressLabMain.class.getName(),
                    xray.path().toString(),
                    String.valueOf(XRAY_UID),
                    script,
                    freedom,
                    router,
                    dns));
            Netns.Output output = ns.execAllowingFailure(90, command);
            System.out.println(
                    "EGRESS-LAB script=" + script + " freedom=" + freedom + " router=" + router + "\n" + output.text());
            assertThat(output.exitCode()).as(output.text()).isZero();
            Map<String, Boolean> reached = new LinkedHashMap<>();
            for (String line : output.text().lines().toList()) {
                Matcher m = PROBE.matcher(line);
                if (m.matches()) {
                    reached.put(m.group(1), Boolean.parseBoolean(m.group(2)));
                }
            }
            return reached;
        }
    }

    /** The reproduction of H3 (on 26.3.27) and M5 (on every version): Xray's own rules alone leave these open. */
    @Test
    void xraysOwnRuleAloneIsBypassedByARebindingNameAndTheServersOwnAddresses(XrayBinary xray) throws Exception {
        Map<String, Boolean> reached = lab(xray, "none", "reference", "reference");

        assertThat(reached).as("the lab itself works").containsEntry("site_by_name_control", true);
        assertThat(reached).containsEntry("site_by_ip_control", true);
        assertThat(reached)
                .as("xray's rule does stop literal and stable loopback targets")
                .containsEntry("loopback_ip", false)
                .containsEntry("loopback_ip_xray_grpc", false)
                .containsEntry("localhost", false)
                .containsEntry("always_loopback_name", false);
        // Xray 26.4.15+ refuses private and loopback destinations inside freedom itself, at dial time, which closes the
        // rebinding gap on those versions; 26.3.27, the pinned stable, relies on the routing rule alone.
        boolean freedomRefusesLoopback =
                CoreVersion.ofXrayVersionLine(xray.version()).orElseThrow().atLeast(CoreVersion.parse("26.4.15"));
        assertThat(reached)
                .as("a name that is public for the router and 127.0.0.1 for freedom gets through unless freedom checks")
                .containsEntry("rebinding_name_to_loopback_service", !freedomRefusesLoopback)
                .containsEntry("rebinding_name_to_xray_grpc", !freedomRefusesLoopback);
        assertThat(reached)
                .as("the server's own public addresses are open on every version")
                .containsEntry("own_public_ipv4", true)
                .containsEntry("own_public_ipv6", true);
    }

    @Test
    void withTheHostRulesNoCustomerReachesLoopbackXrayGrpcOrTheServersOwnAddresses(XrayBinary xray) throws Exception {
        Map<String, Boolean> reached = lab(xray, EGRESS_SCRIPT.toString(), "reference", "reference");

        assertThat(reached).as("public destinations still work").containsEntry("site_by_name_control", true);
        assertThat(reached).containsEntry("site_by_ip_control", true);
        Map<String, Boolean> blocked = new LinkedHashMap<>(reached);
        blocked.remove("site_by_name_control");
        blocked.remove("site_by_ip_control");
        assertThat(blocked).hasSize(10).doesNotContainValue(true);
    }
}
