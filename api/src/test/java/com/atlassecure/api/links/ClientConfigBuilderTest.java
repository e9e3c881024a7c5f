package com.atlassecure.api.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.users.ClientConfigs;
import org.junit.jupiter.api.Test;

/** Every format names what the link names: the same server, key, SNI, short id, fingerprint, uuid and Vision flow. */
class ClientConfigBuilderTest {
    private static final LinkParameters PRODUCTION = new LinkParameters(
            "vpn.mynewllcw.com",
            4443,
            "www.microsoft.com",
            "E59WjnvZcQMu7tR7_BgyhycuEdBS-CtKxfImRCdAvFM",
            "a1b2",
            "chrome",
            "AtlasSecure");
    private static final String UUID = "2b0c8f4e-3a6d-4c1b-9e7f-5d8a0b1c2d3e";

    @Test
    void everyFormatCarriesTheLinksParametersAndTheVisionFlow() {
        ClientConfigs c = new ClientConfigBuilder(PRODUCTION).configs(UUID);
        VlessLink link = VlessLinks.parse(VlessLinks.build(PRODUCTION, UUID));

        assertThat(c.singBox().path("server").asText()).isEqualTo(link.host());
        assertThat(c.singBox().path("server_port").asInt()).isEqualTo(4443);
        assertThat(c.singBox().path("uuid").asText()).isEqualTo(UUID);
        assertThat(c.singBox().path("flow").asText()).isEqualTo("xtls-rprx-vision");
        assertThat(c.singBox().at("/tls/server_name").asText()).isEqualTo("www.microsoft.com");
        assertThat(c.singBox().at("/tls/utls/fingerprint").asText()).isEqualTo("chrome");
        assertThat(c.singBox().at("/tls/reality/public_key").asText()).isEqualTo(PRODUCTION.publicKey());
        assertThat(c.singBox().at("/tls/reality/short_id").asText()).isEqualTo("a1b2");

        assertThat(c.clash().path("server").asText()).isEqualTo("vpn.mynewllcw.com");
        assertThat(c.clash().path("port").asInt()).isEqualTo(4443);
        assertThat(c.clash().path("flow").asText()).isEqualTo("xtls-rprx-vision");
        assertThat(c.clash().path("servername").asText()).isEqualTo("www.microsoft.com");
        assertThat(c.clash().at("/reality-opts/public-key").asText()).isEqualTo(PRODUCTION.publicKey());
        assertThat(c.clash().at("/reality-opts/short-id").asText()).isEqualTo("a1b2");

        assertThat(c.xray().at("/settings/vnext/0/address").asText()).isEqualTo("vpn.mynewllcw.com");
        assertThat(c.xray().at("/settings/vnext/0/users/0/id").asText()).isEqualTo(UUID);
        assertThat(c.xray().at("/settings/vnext/0/users/0/flow").asText()).isEqualTo("xtls-rprx-vision");
        assertThat(c.xray().at("/settings/vnext/0/users/0/encryption").asText()).isEqualTo("none");
        assertThat(c.xray().at("/streamSettings/security").asText()).isEqualTo("reality");
        assertThat(c.xray().at("/streamSettings/realitySettings/publicKey").asText())
                .isEqualTo(PRODUCTION.publicKey());
    }

    @Test
    void parametersALinkWouldRefuseAreRefusedHereToo() {
        LinkParameters noKey =
                new LinkParameters("vpn.mynewllcw.com", 4443, "www.microsoft.com", "", "a1b2", "chrome", "AtlasSecure");
        assertThatThrownBy(() -> new ClientConfigBuilder(noKey)).isInstanceOf(IllegalArgumentException.class);
    }
}
