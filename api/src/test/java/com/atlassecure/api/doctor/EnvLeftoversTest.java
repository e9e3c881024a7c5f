package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvLeftoversTest {

    @Test
    void aRetiredVariableIsALeftoverNamedWithWhyButNotItsValue() {
        CheckResult result = EnvLeftovers.check(
                "api-env.leftovers",
                Map.of("XRAY_RESTART_COMMAND", "sudo systemctl restart xray", "XRAY_PORT", "4443"));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason())
                .contains("XRAY_RESTART_COMMAND (no longer read: the API never restarts Xray")
                .doesNotContain("sudo");
    }

    @Test
    void aCleanEnvPasses() {
        assertThat(EnvLeftovers.check("api-env.leftovers", Map.of("XRAY_PORT", "4443"))
                        .status())
                .isEqualTo(Status.PASS);
    }
}
