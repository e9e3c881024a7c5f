package com.atlassecure.api.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VlessLinksTest {
    static final String UUID = "3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
    static final LinkParameters PROD = new LinkParameters(
            "vpn.mynewllcw.com",
            4443,
            "www.microsoft.com",
            "E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM",
            "a1b2c3d4",
            "chrome",
            "AtlasSecure");

    @Test
    void buildsTheProductionLinkWithEveryParameter() {
        assertThat(VlessLinks.build(PROD, UUID))
                .isEqualTo("vless://3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d@vpn.mynewllcw.com:4443"
                        + "?type=tcp&encryption=none&security=reality&sni=www.microsoft.com&fp=chrome"
                        + "&pbk=E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM&sid=a1b2c3d4&flow=xtls-rprx-vision"
                        + "#AtlasSecure");
    }

    @Test
    void parseInvertsBuild() {
        VlessLink link = VlessLinks.parse(VlessLinks.build(PROD, UUID));
        assertThat(link.uuid()).isEqualTo(UUID);
        assertThat(link.host()).isEqualTo("vpn.mynewllcw.com");
        assertThat(link.port()).isEqualTo(4443);
        assertThat(link.param("flow")).isEqualTo("xtls-rprx-vision");
        assertThat(link.param("sni")).isEqualTo("www.microsoft.com");
        assertThat(link.param("pbk")).isEqualTo(PROD.publicKey());
        assertThat(link.param("sid")).isEqualTo("a1b2c3d4");
        assertThat(link.remark()).isEqualTo("AtlasSecure");
    }

    @Test
    void bracketsIpv6HostsAndEncodesTheRemark() {
        LinkParameters v6 =
                new LinkParameters("2001:db8::1", 4443, "www.microsoft.com", "k", "", "chrome", "Atlas Secure ✓");
        String built = VlessLinks.build(v6, UUID);
        assertThat(built).contains("@[2001:db8::1]:4443?").endsWith("#Atlas%20Secure%20%E2%9C%93");
        VlessLink parsed = VlessLinks.parse(built);
        assertThat(parsed.host()).isEqualTo("2001:db8::1");
        assertThat(parsed.remark()).isEqualTo("Atlas Secure ✓");
        assertThat(parsed.param("sid")).isEmpty();
    }

    @Test
    void refusesToBuildForAnInvalidUuidOrHost() {
        assertThatThrownBy(() -> VlessLinks.build(PROD, "prod-" + UUID)).hasMessageContaining("prefix");
        LinkParameters badHost = new LinkParameters("vpn.example.com/evil?", 4443, "s", "k", "", "chrome", "r");
        assertThatThrownBy(() -> VlessLinks.build(badHost, UUID)).hasMessageContaining("host");
    }

    @Test
    void parseRejectsDuplicatesBadPortsAndOtherSchemes() {
        String link = VlessLinks.build(PROD, UUID);
        assertThatThrownBy(() -> VlessLinks.parse(link.replace("#", "&sni=evil.com#")))
                .hasMessageContaining("duplicate parameter sni");
        assertThatThrownBy(() -> VlessLinks.parse(link.replace(":4443", ":99999")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> VlessLinks.parse(link.replace("vless://", "vmess://")))
                .hasMessageContaining("not a vless");
        assertThatThrownBy(() -> VlessLinks.parse(link + "%G1")).hasMessageContaining("percent-escape");
    }
}
