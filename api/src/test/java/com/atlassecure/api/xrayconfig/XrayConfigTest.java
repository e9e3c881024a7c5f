package com.atlassecure.api.xrayconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.reality.RealityKeyPair;
import com.atlassecure.api.reality.RealityKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class XrayConfigTest {
    static final RealityKeyPair KEYS = RealityKeys.generate();

    static byte[] reference() {
        return ReferenceConfig.render(new InitParameters(
                4443, "www.microsoft.com", "www.microsoft.com:443", "127.0.0.1:10085", KEYS, "a1b2c3d4", false));
    }

    @Test
    void readsTheFactsLinksAreDerivedFrom() {
        VlessRealityInbound inbound = XrayConfig.parse(reference(), "ref").inbound(null);
        assertThat(inbound.tag()).isEqualTo("vless-reality");
        assertThat(inbound.port()).isEqualTo(4443);
        assertThat(inbound.serverNames()).containsExactly("www.microsoft.com");
        assertThat(inbound.privateKey()).isEqualTo(KEYS.privateKey());
        assertThat(inbound.shortIds()).containsExactly("a1b2c3d4");
        assertThat(inbound.decryption()).isEqualTo("none");
        assertThat(inbound.network()).isEqualTo("tcp");
        assertThat(inbound.security()).isEqualTo("reality");
        assertThat(inbound.target()).isEqualTo("www.microsoft.com:443");
    }

    @Test
    void withClientsWritesFlowForEveryClientAndKeepsEverythingElse() throws Exception {
        XrayConfig config = XrayConfig.parse(reference(), "ref");
        List<ClientEntry> clients = List.of(
                ClientEntry.vision("3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "user_1", 1_900_000_000_000L),
                ClientEntry.vision("4f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "user_2", null));
        byte[] rendered = config.withClients("vless-reality", clients);

        XrayConfig again = XrayConfig.parse(rendered, "rendered");
        assertThat(again.inbound(null).clients()).containsExactlyElementsOf(clients);
        assertThat(again.inbound(null).clientsWithoutVisionFlow()).isEmpty();
        JsonNode before = XrayConfig.JSON.readTree(reference());
        JsonNode after = XrayConfig.JSON.readTree(rendered);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        after.get("inbounds").get(0).get("settings"))
                .set("clients", before.get("inbounds").get(0).get("settings").get("clients"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void keepsTheNewerUsersKeyWhenTheOperatorUsesIt() {
        String json = new String(reference(), StandardCharsets.UTF_8).replace("\"clients\"", "\"users\"");
        XrayConfig config = XrayConfig.parse(json.getBytes(StandardCharsets.UTF_8), "users-style");
        String rendered = new String(
                config.withClients(
                        "vless-reality",
                        List.of(ClientEntry.vision("3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "user_1", null))),
                StandardCharsets.UTF_8);
        assertThat(rendered).contains("\"users\"").doesNotContain("\"clients\"");
        assertThat(XrayConfig.parse(rendered.getBytes(StandardCharsets.UTF_8), "x")
                        .inbound(null)
                        .clients())
                .hasSize(1);
    }

    @Test
    void reportsClientsWithoutFlow() {
        String json = new String(reference(), StandardCharsets.UTF_8)
                .replace(
                        "\"clients\" : [ ]",
                        "\"clients\" : [ {\"id\": \"3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\", \"email\": \"user_7\"} ]");
        VlessRealityInbound inbound =
                XrayConfig.parse(json.getBytes(StandardCharsets.UTF_8), "x").inbound(null);
        assertThat(inbound.clientsWithoutVisionFlow())
                .extracting(ClientEntry::email)
                .containsExactly("user_7");
    }

    @Test
    void namesTheFileAndTagWhenTheInboundIsMissing() {
        XrayConfig config = XrayConfig.parse(reference(), "/etc/xray/config.json");
        assertThatThrownBy(() -> config.inbound("nope"))
                .isInstanceOf(XrayConfigException.class)
                .hasMessageContaining("XRAY_INBOUND_TAG=nope")
                .hasMessageContaining("/etc/xray/config.json")
                .hasMessageContaining("vless-reality");
        assertThatThrownBy(() -> XrayConfig.parse("{".getBytes(StandardCharsets.UTF_8), "broken.json"))
                .hasMessageContaining("broken.json is not valid JSON");
    }

    @Test
    void referenceConfigEnablesTheApiAndPerUserStats() {
        XrayConfig config = XrayConfig.parse(reference(), "ref");
        assertThat(config.apiBlock()).hasValueSatisfying(api -> {
            assertThat(api.exposes("HandlerService")).isTrue();
            assertThat(api.exposes("StatsService")).isTrue();
            assertThat(api.listen()).isEqualTo("127.0.0.1:10085");
        });
        assertThat(config.statsEnabled()).isTrue();
        assertThat(config.userTrafficStatsEnabled()).isTrue();
        assertThat(config.userOnlineStatsEnabled()).isTrue();
    }

    @Test
    void allowPrivateDestinationsDropsOnlyThePrivateRangesRule() {
        String locked = new String(reference(), StandardCharsets.UTF_8);
        String open = new String(
                ReferenceConfig.render(new InitParameters(
                        4443, "www.microsoft.com", "www.microsoft.com:443", "127.0.0.1:10085", KEYS, "a1b2c3d4", true)),
                StandardCharsets.UTF_8);
        assertThat(locked).contains(ReferenceConfig.PRIVATE_RANGES_RULE).contains("customers-no-bittorrent");
        assertThat(open).doesNotContain(ReferenceConfig.PRIVATE_RANGES_RULE).contains("customers-no-bittorrent");
    }
}
