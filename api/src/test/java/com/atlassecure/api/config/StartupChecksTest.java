package com.atlassecure.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.reality.RealityKeyPair;
import com.atlassecure.api.reality.RealityKeys;
import com.atlassecure.api.xrayconfig.InitParameters;
import com.atlassecure.api.xrayconfig.ReferenceConfig;
import com.atlassecure.api.xrayconfig.XrayConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupChecksTest {
    static final RealityKeyPair KEYS = RealityKeys.generate();
    static final XrayConfig CONFIG = XrayConfig.parse(
            ReferenceConfig.render(new InitParameters(
                    4443, "www.microsoft.com", "www.microsoft.com:443", "127.0.0.1:10085", KEYS, "a1b2c3d4", false)),
            "/usr/local/etc/xray/config.json");

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("XRAY_API_KEY", "k".repeat(40));
        env.put("XRAY_SERVER_HOST", "vpn.mynewllcw.com");
        env.put("XRAY_PORT", "4443");
        env.put("XRAY_SNI", "www.microsoft.com");
        env.put("XRAY_PUBLIC_KEY", KEYS.publicKey());
        env.put("XRAY_SHORT_ID", "a1b2c3d4");
        return env;
    }

    static ApiSettings settings(String name, String value) {
        Map<String, String> env = env();
        env.put(name, value);
        return ApiSettings.fromEnv(env);
    }

    @Test
    void linkParametersComeFromTheInbound() {
        VerifiedInbound verified = StartupChecks.verify(ApiSettings.fromEnv(env()), CONFIG);
        assertThat(verified.link().port()).isEqualTo(4443);
        assertThat(verified.link().sni()).isEqualTo("www.microsoft.com");
        assertThat(verified.link().publicKey()).isEqualTo(KEYS.publicKey());
        assertThat(verified.link().shortId()).isEqualTo("a1b2c3d4");
        assertThat(verified.link().host()).isEqualTo("vpn.mynewllcw.com");
        assertThat(verified.link().fingerprint()).isEqualTo("chrome");
        assertThat(verified.link().remark()).isEqualTo("AtlasSecure");
    }

    @Test
    void refusesPort443AgainstAnInboundOn4443() {
        assertThatThrownBy(() -> StartupChecks.verify(settings("XRAY_PORT", "443"), CONFIG))
                .isInstanceOf(StartupCheckException.class)
                .hasMessageContaining(
                        "XRAY_PORT=443 but the inbound 'vless-reality' in /usr/local/etc/xray/config.json listens on 4443");
    }

    @Test
    void refusesAnSniOutsideServerNames() {
        assertThatThrownBy(() -> StartupChecks.verify(settings("XRAY_SNI", "vpn.mynewllcw.com"), CONFIG))
                .hasMessageContaining("XRAY_SNI=vpn.mynewllcw.com but realitySettings.serverNames")
                .hasMessageContaining("[www.microsoft.com]");
    }

    @Test
    void refusesAPublicKeyThatDoesNotMatchThePrivateKey() {
        String other = RealityKeys.generate().publicKey();
        assertThatThrownBy(() -> StartupChecks.verify(settings("XRAY_PUBLIC_KEY", other), CONFIG))
                .hasMessageContaining("XRAY_PUBLIC_KEY=" + other)
                .hasMessageContaining("gives public key " + KEYS.publicKey());
    }

    @Test
    void refusesAnUnknownShortId() {
        assertThatThrownBy(() -> StartupChecks.verify(settings("XRAY_SHORT_ID", "deadbeef"), CONFIG))
                .hasMessageContaining("XRAY_SHORT_ID=deadbeef but realitySettings.shortIds")
                .hasMessageContaining("[a1b2c3d4]");
    }

    @Test
    void reportsEveryMismatchAtOnce() {
        Map<String, String> env = env();
        env.put("XRAY_PORT", "443");
        env.put("XRAY_SNI", "www.cloudflare.com");
        StartupCheckException e = org.junit.jupiter.api.Assertions.assertThrows(
                StartupCheckException.class, () -> StartupChecks.verify(ApiSettings.fromEnv(env), CONFIG));
        assertThat(e.problems()).hasSize(2);
    }

    @Test
    void refusesAGrpcAddressTheConfigDoesNotListenOn() {
        assertThatThrownBy(() -> StartupChecks.verify(settings("XRAY_GRPC_ADDRESS", "127.0.0.1:9999"), CONFIG))
                .hasMessageContaining("XRAY_GRPC_ADDRESS=127.0.0.1:9999 but the api block");
    }
}
