package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bodies per format for a customer on two nodes, and for one without access: every server parameter is the
 * node's own, only the display name is the bot's.
 */
class FeedBodiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String UUID = "0b6f35a4-3d1e-4c55-9f37-2a1d7e3c9b10";
    static final Instant EXPIRES = Instant.parse("2027-04-01T00:00:00Z");

    static Feed.Entry entry(String node, String host) throws Exception {
        String link = "vless://" + UUID + "@" + host + ":4443?type=tcp&security=reality&flow=xtls-rprx-vision"
                + "&sni=www.microsoft.com&fp=chrome&pbk=PBK&sid=ab12#AtlasSecure";
        JsonNode configs = JSON.readTree("{\"sing_box\":{\"type\":\"vless\",\"tag\":\"AtlasSecure\",\"server\":\""
                + host + "\",\"server_port\":4443,\"uuid\":\"" + UUID + "\",\"flow\":\"xtls-rprx-vision\"},"
                + "\"clash\":{\"name\":\"AtlasSecure\",\"type\":\"vless\",\"server\":\"" + host + "\",\"port\":4443,"
                + "\"uuid\":\"" + UUID + "\"},\"xray\":{\"tag\":\"proxy\",\"protocol\":\"vless\",\"settings\":"
                + "{\"vnext\":[{\"address\":\"" + host + "\",\"port\":4443,\"users\":[{\"id\":\"" + UUID + "\"}]}]}}}");
        return new Feed.Entry(node, link, configs);
    }

    static Feed twoNodes() throws Exception {
        return new Feed(
                "tok", 1, UUID, EXPIRES, List.of(entry("de-1", "de.example.net"), entry("nl-1", "nl.example.net")));
    }

    @Test
    void base64ListsEveryNodesLinkAsTheNodeWroteItNamedByNode() throws Exception {
        String body = new String(Base64.getDecoder().decode(FeedBodies.base64(twoNodes())), StandardCharsets.UTF_8);

        assertThat(body.split("\n"))
                .containsExactly(
                        "vless://" + UUID + "@de.example.net:4443?type=tcp&security=reality&flow=xtls-rprx-vision"
                                + "&sni=www.microsoft.com&fp=chrome&pbk=PBK&sid=ab12#AtlasSecure%20de-1",
                        "vless://" + UUID + "@nl.example.net:4443?type=tcp&security=reality&flow=xtls-rprx-vision"
                                + "&sni=www.microsoft.com&fp=chrome&pbk=PBK&sid=ab12#AtlasSecure%20nl-1");
    }

    @Test
    void singBoxSelectsBetweenTheNodesOutboundsWithUniqueTags() throws Exception {
        JsonNode config = JSON.readTree(FeedBodies.render(ClientFormat.SING_BOX, twoNodes()));

        JsonNode outbounds = config.get("outbounds");
        assertThat(outbounds.get(0).get("type").asText()).isEqualTo("selector");
        assertThat(outbounds.get(0).get("outbounds").toString())
                .isEqualTo("[\"AtlasSecure de-1\",\"AtlasSecure nl-1\"]");
        assertThat(outbounds.get(1).get("tag").asText()).isEqualTo("AtlasSecure de-1");
        assertThat(outbounds.get(1).get("server").asText()).isEqualTo("de.example.net");
        assertThat(outbounds.get(2).get("server").asText()).isEqualTo("nl.example.net");
        assertThat(outbounds.get(2).get("flow").asText()).isEqualTo("xtls-rprx-vision");
        assertThat(config.at("/route/final").asText()).isEqualTo("proxy");
        assertThat(config.at("/inbounds/0/listen").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void clashYamlHasEachProxyAndAGroupOverThem() throws Exception {
        byte[] yaml = FeedBodies.render(ClientFormat.CLASH, twoNodes());
        JsonNode config = new YAMLMapper().readTree(yaml);

        assertThat(config.get("proxies")).hasSize(2);
        assertThat(config.at("/proxies/1/name").asText()).isEqualTo("AtlasSecure nl-1");
        assertThat(config.at("/proxies/1/uuid").asText()).isEqualTo(UUID);
        assertThat(config.at("/proxy-groups/0/proxies").toString())
                .isEqualTo("[\"AtlasSecure de-1\",\"AtlasSecure nl-1\"]");
        assertThat(config.at("/rules/0").asText()).isEqualTo("MATCH,Atlas Secure");
        assertThat(new String(yaml, StandardCharsets.UTF_8)).doesNotStartWith("---");
    }

    @Test
    void xrayIsOneCompleteConfigPerNode() throws Exception {
        JsonNode configs = JSON.readTree(FeedBodies.render(ClientFormat.XRAY, twoNodes()));

        assertThat(configs).hasSize(2);
        assertThat(configs.at("/0/remarks").asText()).isEqualTo("AtlasSecure de-1");
        assertThat(configs.at("/0/outbounds/0/settings/vnext/0/address").asText())
                .isEqualTo("de.example.net");
        assertThat(configs.at("/1/inbounds/0/protocol").asText()).isEqualTo("socks");
    }

    @Test
    void aCustomerWithoutAccessGetsValidEmptyBodiesThatRouteNothingAround() throws Exception {
        Feed none = new Feed("tok", 1, UUID, EXPIRES, List.of());

        assertThat(FeedBodies.render(ClientFormat.BASE64, none)).isEmpty();
        JsonNode singBox = JSON.readTree(FeedBodies.render(ClientFormat.SING_BOX, none));
        assertThat(singBox.at("/route/rules/0/action").asText()).isEqualTo("reject");
        JsonNode clash = new YAMLMapper().readTree(FeedBodies.render(ClientFormat.CLASH, none));
        assertThat(clash.at("/proxy-groups/0/proxies").toString()).isEqualTo("[\"REJECT\"]");
        assertThat(JSON.readTree(FeedBodies.render(ClientFormat.XRAY, none))).isEmpty();
    }

    @Test
    void aNodeWithoutClientConfigsStillJoinsTheLinkList() throws Exception {
        Feed.Entry old = new Feed.Entry("old", entry("old", "old.example.net").link(), null);
        Feed feed = new Feed("tok", 1, UUID, EXPIRES, List.of(old, entry("de-1", "de.example.net")));

        assertThat(new String(Base64.getDecoder().decode(FeedBodies.base64(feed)), StandardCharsets.UTF_8))
                .contains("old.example.net", "de.example.net");
        assertThat(JSON.readTree(FeedBodies.render(ClientFormat.SING_BOX, feed)).get("outbounds"))
                .hasSize(3); // selector, de-1, direct
    }
}
