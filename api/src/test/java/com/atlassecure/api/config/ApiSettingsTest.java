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
        assertThat(ApiSettings.fromEnv(env).link().serverHost()).isEqualTo("vpn.mynewllcw.com");
    }

    @Test
    void productionExpectationRefusesTheAuditedDefaults() {
        Map<String, String> env = with("API_EXPECT_PRODUCTION", "true");
        env.put("XRAY_PORT", "443");
        assertThatThrownBy(() -> ApiSettings.fromEnv(env))
                .hasMessageContaining("API_EXPECT_PRODUCTION=true but XRAY_PORT=443 (production is 4443)");
        // Setup adapted for finding M8: production also demands required signing with its own secret.
        Map<String, String> production = with("API_EXPECT_PRODUCTION", "true");
        production.put("API_SIGNING", "required");
        production.put("XRAY_API_SIGNING_SECRET", "s".repeat(40));
        assertThat(ApiSettings.fromEnv(production).link().expectProduction()).isTrue();
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
    void settingsReadFromOneEnvAreEqualAndTheirSecretCannotBeChangedFromOutside() {
        Map<String, String> env = with("API_SIGNING", "optional");
        env.put("XRAY_API_SIGNING_SECRET", "s".repeat(40));
        ApiSettings first = ApiSettings.fromEnv(env);
        ApiSettings second = ApiSettings.fromEnv(env);
        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);

        first.auth().signingSecret()[0] = 'x';
        assertThat(first).isEqualTo(second);
        env.put("XRAY_API_SIGNING_SECRET", "t".repeat(40));
        assertThat(ApiSettings.fromEnv(env)).isNotEqualTo(first);
    }

    @Test
    void parsesDurationsAndDefaults() {
        ApiSettings s = ApiSettings.fromEnv(with("EXPIRY_SWEEP_INTERVAL", "15s"));
        assertThat(s.timers().expirySweepInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.timers().reconcileInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.link().fingerprint()).isEqualTo("chrome");
        assertThat(s.link().remark()).isEqualTo("AtlasSecure");
        assertThat(s.xray().grpcAddress()).isEqualTo("127.0.0.1:10085");
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("EXPIRY_SWEEP_INTERVAL", "soon")))
                .hasMessageContaining("EXPIRY_SWEEP_INTERVAL must be a duration");
    }

    @Test
    void productionRequiresSigningNamingTheSettings() {
        Map<String, String> env = with("API_EXPECT_PRODUCTION", "true");
        assertThatThrownBy(() -> ApiSettings.fromEnv(env))
                .isInstanceOf(SettingsException.class)
                .hasMessage("API_EXPECT_PRODUCTION=true requires API_SIGNING=required, got off");
        env.put("API_SIGNING", "optional");
        env.put("XRAY_API_SIGNING_SECRET", "s".repeat(40));
        assertThatThrownBy(() -> ApiSettings.fromEnv(env))
                .hasMessage("API_EXPECT_PRODUCTION=true requires API_SIGNING=required, got optional");
    }

    @Test
    void aSigningSecretEqualToTheApiKeyIsRefusedInEveryModeWithoutEchoingIt() {
        for (String mode : new String[] {"off", "optional", "required"}) {
            Map<String, String> env = with("API_SIGNING", mode);
            env.put("XRAY_API_SIGNING_SECRET", "k".repeat(40));
            assertThatThrownBy(() -> ApiSettings.fromEnv(env))
                    .as(mode)
                    .isInstanceOf(SettingsException.class)
                    .hasMessage("XRAY_API_SIGNING_SECRET must differ from XRAY_API_KEY: the key crosses the proxy"
                            + " in every request, the secret never does")
                    .hasMessageNotContaining("k".repeat(40));
        }
    }

    @Test
    void trustedProxiesDefaultToLoopbackOnlyWhenTheApiListensOnLoopback() {
        ApiSettings loopback = ApiSettings.fromEnv(with("API_LISTEN", "127.0.0.1:8080"));
        assertThat(loopback.listen().trustedProxies().toString()).isEqualTo("127.0.0.0/8,::1/128");
        assertThat(loopback.listen().trustedProxies().contains("127.0.0.1")).isTrue();
        assertThat(loopback.listen().trustedProxies().contains("::1")).isTrue();
        assertThat(loopback.listen().trustedProxies().contains("10.0.0.1")).isFalse();

        ApiSettings exposed = ApiSettings.fromEnv(with("API_LISTEN", "0.0.0.0:8080"));
        assertThat(exposed.listen().trustedProxies().isEmpty()).isTrue();
        assertThat(exposed.listen().trustedProxies().contains("127.0.0.1")).isFalse();
    }

    @Test
    void trustedProxiesAreParsedAsAddressesAndRangesOnly() {
        ApiSettings s = ApiSettings.fromEnv(with("API_TRUSTED_PROXIES", " 10.1.2.3, 192.168.0.0/16 fd00::/8 "));
        assertThat(s.listen().trustedProxies().toString()).isEqualTo("10.1.2.3/32,192.168.0.0/16,fd00::/8");
        assertThat(s.listen().trustedProxies().contains("192.168.77.1")).isTrue();
        assertThat(s.listen().trustedProxies().contains("[fd00::5]")).isTrue();
        assertThat(s.listen().trustedProxies().contains("10.1.2.4")).isFalse();
        assertThat(s.listen().trustedProxies().contains("not-an-ip")).isFalse();
        assertThat(ApiSettings.fromEnv(with("API_TRUSTED_PROXIES", "none"))
                        .listen()
                        .trustedProxies()
                        .isEmpty())
                .isTrue();

        assertThatThrownBy(() -> ApiSettings.fromEnv(with("API_TRUSTED_PROXIES", "proxy.example.com")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("API_TRUSTED_PROXIES: 'proxy.example.com' is not an IP address or CIDR range"
                        + " (e.g. 127.0.0.1 or 10.0.0.0/8); names are not resolved");
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("API_TRUSTED_PROXIES", "10.0.0.0/33")))
                .hasMessage("API_TRUSTED_PROXIES: '10.0.0.0/33' has a prefix length outside 0-32");
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("API_TRUSTED_PROXIES", "0.0.0.0/0")))
                .hasMessage("API_TRUSTED_PROXIES: '0.0.0.0/0' trusts every address, so anyone could choose"
                        + " their own X-Real-IP; list the proxy's own addresses");
    }

    @Test
    void failedAuthenticationHasItsOwnSmallerBudget() {
        assertThat(ApiSettings.fromEnv(StartupChecksTest.env()).listen().authFailuresPerMinute())
                .isEqualTo(30);
        assertThat(ApiSettings.fromEnv(with("API_AUTH_FAILURES_PER_MINUTE", "5"))
                        .listen()
                        .authFailuresPerMinute())
                .isEqualTo(5);
        assertThatThrownBy(() -> ApiSettings.fromEnv(with("API_AUTH_FAILURES_PER_MINUTE", "0")))
                .hasMessageContaining("API_AUTH_FAILURES_PER_MINUTE must be in [1, 1000000], got 0");
    }
}
