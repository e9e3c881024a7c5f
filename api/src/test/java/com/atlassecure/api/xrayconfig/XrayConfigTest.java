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
    @Test
    void aParseErrorNamesWhereTheJsonBrokeButNeverQuotesTheToken() {
        // The hand edit of RUNBOOK section 4 gone wrong: the private key lost its quotes. Jackson's own message
        // quotes the offending token, which would put the key in the start-up failure and in doctor's output.
        String key = "uJ8lCq2kXw4pV7mN0rT3yZ6bD9fG1hK5sA8eQ2wE4rI";
        String broken = "{\n  \"inbounds\": [{\"streamSettings\": {\"realitySettings\": {\n    \"privateKey\": " + key
                + "\n  }}}]\n}";
        assertThatThrownBy(() -> XrayConfig.parse(broken.getBytes(StandardCharsets.UTF_8), "config.json"))
                .isInstanceOf(XrayConfigException.class)
                .hasMessageContaining("config.json is not valid JSON at line 3")
                .hasMessageNotContaining(key)
                .hasMessageNotContaining(key.substring(0, 8));
    }

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

    @Test
    void allowPrivateDestinationsLetsEveryFreedomOutboundDialThemOnXray26Point7() throws Exception {
        byte[] open = ReferenceConfig.render(new InitParameters(
                4443, "www.microsoft.com", "www.microsoft.com:443", "127.0.0.1:10085", KEYS, "a1b2c3d4", true));
        com.fasterxml.jackson.databind.JsonNode direct =
                XrayConfig.JSON.readTree(open).path("outbounds").get(0);
        assertThat(direct.path("protocol").asText()).isEqualTo("freedom");
        assertThat(direct.path("settings")
                        .path("finalRules")
                        .get(0)
                        .path("action")
                        .asText())
                .isEqualTo("allow");
        assertThat(new String(reference(), StandardCharsets.UTF_8)).doesNotContain("finalRules");
    }

    @Test
    void initWritesMinClientVerExplicitlyAndReadsItBack() {
        XrayConfig defaults = XrayConfig.parse(reference(), "ref");
        assertThat(defaults.inbound(null).minClientVer()).isEqualTo(InitParameters.DEFAULT_MIN_CLIENT_VER);
        byte[] strict = ReferenceConfig.render(new InitParameters(
                4443,
                "www.microsoft.com",
                "www.microsoft.com:443",
                "127.0.0.1:10085",
                KEYS,
                "a1b2c3d4",
                false,
                "26.3.27"));
        assertThat(XrayConfig.parse(strict, "strict").inbound(null).minClientVer())
                .isEqualTo("26.3.27");
        assertThatThrownBy(() -> new InitParameters(
                        4443,
                        "www.microsoft.com",
                        "www.microsoft.com:443",
                        "127.0.0.1:10085",
                        KEYS,
                        "a1b2c3d4",
                        false,
                        "latest"))
                .hasMessageContaining("latest");
    }

    /** The reference config with three clients in the REALITY inbound (one without flow) and a second inbound. */
    private static byte[] withAnotherInbound() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) XrayConfig.JSON.readTree(reference());
        com.fasterxml.jackson.databind.node.ArrayNode inbounds =
                (com.fasterxml.jackson.databind.node.ArrayNode) root.get("inbounds");
        com.fasterxml.jackson.databind.node.ObjectNode reality =
                (com.fasterxml.jackson.databind.node.ObjectNode) inbounds.get(0).get("settings");
        reality.set(
                "clients",
                XrayConfig.JSON.readTree("[{\"id\":\"3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\",\"email\":\"user_1\","
                        + "\"flow\":\"xtls-rprx-vision\"},{\"id\":\"4f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\","
                        + "\"email\":\"user_2\"},{\"id\":\"5f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\","
                        + "\"email\":\"user_3\",\"flow\":\"xtls-rprx-vision\",\"operator_note\":\"x\"}]"));
        inbounds.add(XrayConfig.JSON.readTree("{\"tag\":\"ws-fallback\",\"protocol\":\"vless\",\"port\":8080,"
                + "\"settings\":{\"decryption\":\"none\",\"clients\":[{\"id\":\"6f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\","
                + "\"email\":\"ops\",\"comment\":\"kept as written\"}]}}"));
        return XrayConfig.JSON.writeValueAsBytes(root);
    }

    @Test
    void parseWithoutClientsCountsTheInboundsClientsAndKeepsEveryOtherInboundAsWritten() throws Exception {
        byte[] json = withAnotherInbound();
        XrayConfig.Clientless read = XrayConfig.parseWithoutClients(json, "two-inbounds", "vless-reality");

        assertThat(read.clients()).isEqualTo(3);
        assertThat(read.clientsWithoutVisionFlow()).isEqualTo(1);
        assertThat(read.skeleton().inbound("vless-reality").clients()).isEmpty();
        List<ClientEntry> clients = List.of(ClientEntry.vision("7f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "user_9", null));
        XrayConfig full = XrayConfig.parse(json, "two-inbounds");
        assertThat(XrayConfig.JSON.readTree(read.skeleton().withClients("vless-reality", clients)))
                .as("rendering the streamed skeleton equals rendering the full tree")
                .isEqualTo(XrayConfig.JSON.readTree(full.withClients("vless-reality", clients)));
        assertThat(new String(read.skeleton().withClients("vless-reality", clients), StandardCharsets.UTF_8))
                .contains("kept as written");
    }

    @Test
    void parseWithoutClientsRefusesWhatParseRefuses() {
        assertThatThrownBy(() -> XrayConfig.parseWithoutClients("[1]".getBytes(StandardCharsets.UTF_8), "arr", null))
                .isInstanceOf(XrayConfigException.class)
                .hasMessageContaining("top level");
        assertThatThrownBy(() -> XrayConfig.parseWithoutClients(
                        "{\"inbounds\": [".getBytes(StandardCharsets.UTF_8), "cut", null))
                .isInstanceOf(XrayConfigException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> XrayConfig.parseWithoutClients(reference(), "ref", "no-such-tag"))
                .isInstanceOf(XrayConfigException.class)
                .hasMessageContaining("XRAY_INBOUND_TAG=no-such-tag");
    }

    @Test
    void writesOneClientPerLineAndEscapesWhatAnImportedEmailCarries() {
        List<ClientEntry> clients = List.of(
                ClientEntry.vision("3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "user_1", 1_900_000_000_000L),
                new ClientEntry(
                        "4f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "quote\" back\\slash \u0001 Ünï я 🙂", null, 3, null),
                new ClientEntry("5f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", null, "xtls-rprx-vision", 0, -1L),
                new ClientEntry("6f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "min", null, 10, Long.MIN_VALUE),
                new ClientEntry("7f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "max", null, 0, Long.MAX_VALUE),
                new ClientEntry("8f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d", "zero", null, 0, 0L));
        byte[] rendered = XrayConfig.parse(reference(), "ref").withClients("vless-reality", clients);

        assertThat(XrayConfig.parse(rendered, "rendered").inbound(null).clients())
                .containsExactlyElementsOf(clients);
        String text = new String(rendered, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("\n          {\"id\":\"3f1b2c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\",\"email\":\"user_1\","
                        + "\"flow\":\"xtls-rprx-vision\",\"level\":0,\"expiryTime\":1900000000000},\n");
        assertThat(XrayConfig.parse(XrayConfig.parse(reference(), "ref").withClients("vless-reality", List.of()), "e")
                        .inbound(null)
                        .clients())
                .isEmpty();
    }
}
