package com.atlassecure.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RetiredSettingsTest {

    @Test
    void anOldEnvWithTheRestartSettingsStillStartsAndNamesThem() {
        Map<String, String> env = StartupChecksTest.env();
        env.put("XRAY_RESTART_COMMAND", "systemctl restart xray");
        env.put("XRAY_RESTART_TIMEOUT", "10s");

        assertThat(ApiSettings.fromEnv(env).toString()).doesNotContain("restart");
        assertThat(RetiredSettings.presentIn(env)).containsExactly("XRAY_RESTART_COMMAND", "XRAY_RESTART_TIMEOUT");
        assertThat(RetiredSettings.presentIn(StartupChecksTest.env())).isEmpty();
    }
}
