package com.atlassecure.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    static Map<String, String> with(String name, String value) {
        Map<String, String> env = StartupChecksTest.env();
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return env;
    }

    @Test
    void linkSettingsHaveNoSilentDefaults() {
        for (String name :
                new String[] {"XRAY_PORT", "XRAY_SNI", "XRAY_PUBLIC_KEY", "XRAY_SERVER_HOST", "XRAY_API_KEY"}) {
            assertThatThrownBy(() -> ApiSettings.fromEnv(with(name, null)))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining(name + " is required");
        }
    }

    @Test
    void refusesAShortApiKeyWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("XRAY_API_KEY", "short-secret")))
                .hasMessageContaining("at least 32 characters, got 12")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void acceptsTheOldServerIpAliasForTheHost() {
        Map<String, String> env = with("XRAY_SERVER_HOST", null);
        env.put("XRAY_SERVER_IP", "vpn.mynewllcw.com");
        assertThat(ApiSettings.fromEnv(env).serverHost()).isEqualTo("vpn.mynewllcw.com");
    }

    @Test
    void productionExpectationRefusesTheAuditedDefaults() {
        Map<String, String> env = with("API_EXPECT_PRODUCTION", "true");
        env.put("XRAY_PORT", "443");
        assertThatThrownBy(() -> ApiSettings.fromEnv(env))
                .hasMessageContaining("API_EXPECT_PRODUCTION=true but XRAY_PORT=443 (production is 4443)");
        assertThat(ApiSettings.fromEnv(with("API_EXPECT_PRODUCTION", "true")).expectProduction())
                .isTrue();
    }

    @Test
    void signingNeedsASecret() {
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("API_SIGNING", "required")))
                .hasMessageContaining("XRAY_API_SIGNING_SECRET");
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("API_SIGNING", "sometimes")))
                .hasMessageContaining("off, optional or required");
    }

    @Test
    void toStringNeverShowsSecrets() {
        Map<String, String> env = with("API_SIGNING", "optional");
        env.put("XRAY_API_SIGNING_SECRET", "s".repeat(40));
        String shown = ApiSettings.fromEnv(env).toString();
        assertThat(shown)
                .doesNotContain("k".repeat(40))
                .doesNotContain("s".repeat(40))
                .contains("sha256:");
    }

    @Test
    void parsesDurationsAndDefaults() {
        ApiSettings s = ApiSettings.fromEnv(with("EXPIRY_SWEEP_INTERVAL", "15s"));
        assertThat(s.expirySweepInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.reconcileInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.fingerprint()).isEqualTo("chrome");
        assertThat(s.linkRemark()).isEqualTo("AtlasSecure");
        assertThat(s.grpcAddress()).isEqualTo("127.0.0.1:10085");
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("EXPIRY_SWEEP_INTERVAL", "soon")))
                .hasMessageContaining("EXPIRY_SWEEP_INTERVAL must be a duration");
    }
}
