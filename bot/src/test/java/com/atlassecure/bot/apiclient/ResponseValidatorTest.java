package com.atlassecure.bot.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResponseValidatorTest {
    static final String UUID = "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e";
    static final String OTHER = "9f1e2d3c-4b5a-4968-8776-655443322110";
    static final String PREFIX = "v" + "less://";
    final ObjectMapper json = new ObjectMapper();

    JsonNode body(String uuid, String link) {
        var node = json.createObjectNode();
        if (uuid != null) {
            node.put("uuid", uuid);
        }
        if (link != null) {
            node.put("vless_link", link);
        }
        node.put("expiry_timestamp_ms", 1_900_000_000_000L);
        return node;
    }

    static String link(String uuid) {
        return PREFIX + uuid + "@vpn.example.test:4443?security=reality&flow=xtls-rprx-vision#Atlas";
    }

    @Test
    void acceptsAMatchingAnswerAndKeepsTheLinkExactly() {
        ProvisionedKey key = ResponseValidator.validate("add-user", UUID, body(UUID, link(UUID)));
        assertThat(key.uuid()).isEqualTo(UUID);
        assertThat(key.vlessLink()).isEqualTo(link(UUID));
        assertThat(key.toString()).doesNotContain(link(UUID)).doesNotContain(UUID);
    }

    @Test
    void stripIsTheOnlyChangeToTheReturnedUuid() {
        assertThat(ResponseValidator.validate("add-user", UUID, body("  " + UUID + "\n", link(UUID)))
                        .uuid())
                .isEqualTo(UUID);
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(UUID.toUpperCase(), link(UUID))))
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void rejectsMissingFields() {
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(UUID, null)))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("vless_link");
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(null, link(UUID))))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("uuid");
    }

    @Test
    void rejectsAnotherUuidEvenWithAConsistentLink() {
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(OTHER, link(OTHER))))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("0b6a3c1e")
                .hasMessageNotContaining(UUID);
    }

    @Test
    void rejectsALinkForAnotherUuidOrOfAnotherKind() {
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(UUID, link(OTHER))))
                .isInstanceOf(InvalidResponseError.class);
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(UUID, "vmess://" + UUID + "@h:443")))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("scheme");
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(UUID, PREFIX + UUID + "@:0")))
                .isInstanceOf(InvalidResponseError.class);
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body(UUID, "not a uri at all")))
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void rejectsPrefixedUuids() {
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, body("stage-" + UUID, link(UUID))))
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void keepsTheClientConfigsWhenEachNamesTheSentUuid() throws Exception {
        var answer = (com.fasterxml.jackson.databind.node.ObjectNode) body(UUID, link(UUID));
        answer.set("client_configs", json.readTree(com.atlassecure.bot.support.EchoApi.clientConfigs(UUID)));

        ProvisionedKey key = ResponseValidator.validate("add-user", UUID, answer);

        assertThat(json.readTree(key.clientConfigs())).isEqualTo(answer.get("client_configs"));
        assertThat(key.toString()).doesNotContain(UUID).contains("clientConfigs=true");
    }

    @Test
    void refusesClientConfigsForAnotherUuidOrMissingAnAppsPiece() throws Exception {
        var foreign = (com.fasterxml.jackson.databind.node.ObjectNode) body(UUID, link(UUID));
        foreign.set("client_configs", json.readTree(com.atlassecure.bot.support.EchoApi.clientConfigs(OTHER)));
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, foreign))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("client_configs.sing_box is not for uuid");

        var partial = (com.fasterxml.jackson.databind.node.ObjectNode) body(UUID, link(UUID));
        var configs = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(com.atlassecure.bot.support.EchoApi.clientConfigs(UUID));
        configs.remove("clash");
        partial.set("client_configs", configs);
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, partial))
                .hasMessageContaining("client_configs.clash is missing");

        var notObject = (com.fasterxml.jackson.databind.node.ObjectNode) body(UUID, link(UUID));
        notObject.put("client_configs", "yaml");
        assertThatThrownBy(() -> ResponseValidator.validate("add-user", UUID, notObject))
                .hasMessageContaining("client_configs is not a JSON object");
    }

    @Test
    void anAnswerWithoutClientConfigsStillProvisions() {
        assertThat(ResponseValidator.validate("add-user", UUID, body(UUID, link(UUID)))
                        .clientConfigs())
                .isNull();
    }
}
