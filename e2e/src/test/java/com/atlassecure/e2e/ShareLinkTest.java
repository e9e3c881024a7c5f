package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test's own link parser, pinned on hand-written links so the journey's reading of a link is itself tested. */
class ShareLinkTest {
    private static final String UUID = "0f8c3a52-8d1e-4c6b-9a47-2e5b7d1c9f03";

    @Test
    void readsEveryPartOfAShareLinkAndDecodesPercentEscapes() {
        ShareLink link = ShareLink.parse("vless://" + UUID + "@vpn.mynewllcw.com:4443?type=tcp&encryption=none"
                + "&security=reality&sni=www.microsoft.com&fp=chrome&pbk=E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM"
                + "&sid=0123abcd&flow=xtls-rprx-vision&spx=%2F#Atlas%20Secure%E2%9C%93");

        assertThat(link.uuid()).isEqualTo(UUID);
        assertThat(link.host()).isEqualTo("vpn.mynewllcw.com");
        assertThat(link.port()).isEqualTo(4443);
        assertThat(link.param("flow")).isEqualTo("xtls-rprx-vision");
        assertThat(link.param("pbk")).isEqualTo("E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM");
        assertThat(link.param("spx")).isEqualTo("/");
        assertThat(link.remark()).isEqualTo("Atlas Secure✓");
    }

    @Test
    void readsABracketedIpv6Host() {
        ShareLink link = ShareLink.parse("vless://" + UUID + "@[2001:db8::1]:443?security=reality");
        assertThat(link.host()).isEqualTo("2001:db8::1");
        assertThat(link.port()).isEqualTo(443);
        assertThat(link.remark()).isNull();
    }

    @Test
    void refusesDuplicateParametersAPrefixedUuidAndAMissingPort() {
        assertThatThrownBy(() -> ShareLink.parse("vless://" + UUID + "@h:1?sni=a&sni=b"))
                .hasMessageContaining("sni appears twice");
        assertThatThrownBy(() -> ShareLink.parse("vless://prod-" + UUID + "@h:1?sni=a"))
                .hasMessageContaining("not a UUID");
        assertThatThrownBy(() -> ShareLink.parse("vless://" + UUID + "@h?sni=a"))
                .hasMessageContaining("host:port");
    }

    @Test
    void neverShowsTheLinkWhenPrinted() {
        ShareLink link = ShareLink.parse("vless://" + UUID + "@h:1?sni=a");
        assertThat(link.toString()).doesNotContain(UUID).doesNotContain("vless://");
    }
}
