package com.atlassecure.contract.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet list both the bot and doctor read: each refusal names the variable and the node at fault. */
class FleetNodesTest {
    static final String KEY_A = "node-a-key-0123456789abcdef0123456789";
    static final String KEY_B = "node-b-key-0123456789abcdef0123456789";
    static final String SECRET = "node-signing-secret-0123456789abcdef";

    static String node(String name, String country, String url, String key, String secret) {
        return "{\"name\":\"" + name + "\",\"country\":\"" + country + "\",\"url\":\"" + url + "\",\"key\":\"" + key
                + "\"" + (secret == null ? "" : ",\"signing_secret\":\"" + secret + "\"") + "}";
    }

    static String list(String... nodes) {
        return "[" + String.join(",", nodes) + "]";
    }

    @Test
    void aListOfNodesIsReadInOrderWithEachNodesCredentials() {
        List<FleetNodes.Node> nodes = FleetNodes.parse(
                AppEnv.PROD,
                list(
                        node("de-1", "DE", "https://de1.example.com", KEY_A, SECRET),
                        node("nl-1", "NL", "https://nl1.example.com:8443", KEY_B, null)));

        assertThat(nodes).extracting(FleetNodes.Node::name).containsExactly("de-1", "nl-1");
        assertThat(nodes.get(0).key()).isEqualTo(KEY_A);
        assertThat(nodes.get(0).signingSecret()).isEqualTo(SECRET);
        assertThat(nodes.get(1).url().getPort()).isEqualTo(8443);
        assertThat(nodes.get(1).signingSecret()).isNull();
        assertThat(nodes.toString()).doesNotContain(KEY_A, KEY_B, SECRET);
    }

    @Test
    void aFileNamedWithAtIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nodes.json");
        Files.writeString(file, list(node("fi-1", "FI", "https://fi.example.com", KEY_A, SECRET)));

        assertThat(FleetNodes.parse(AppEnv.PROD, "@" + file))
                .singleElement()
                .extracting(FleetNodes.Node::name)
                .isEqualTo("fi-1");
        assertThatThrownBy(() -> FleetNodes.parse(AppEnv.PROD, "@" + dir.resolve("missing.json")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PROD_XRAY_API_NODES names")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void aKeyOrSigningSecretSharedByTwoNodesIsRefusedSoOneNodesCredentialsOpenNoOther() {
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD,
                        list(
                                node("de-1", "DE", "https://a.example.com", KEY_A, null),
                                node("nl-1", "NL", "https://b.example.com", KEY_A, null))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PROD_XRAY_API_NODES: node 'nl-1' has the same key as 'de-1': give each node its own key");
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD,
                        list(
                                node("de-1", "DE", "https://a.example.com", KEY_A, SECRET),
                                node("nl-1", "NL", "https://b.example.com", KEY_B, SECRET))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("node 'nl-1' has the same signing_secret as 'de-1'")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void duplicateNamesAreRefusedNamingTheNode() {
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD,
                        list(
                                node("de-1", "DE", "https://a.example.com", KEY_A, null),
                                node("de-1", "DE", "https://b.example.com", KEY_B, null))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PROD_XRAY_API_NODES: node 'de-1' is listed twice");
    }

    @Test
    void plainHttpIsRefusedInProdUnlessLoopbackAndAllowedInDev() {
        assertThatThrownBy(() ->
                        FleetNodes.parse(AppEnv.PROD, list(node("de-1", "DE", "http://de1.example.com", KEY_A, null))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("node 'de-1': url must use https in prod");
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD, list(node("de-1", "DE", "http://127.attacker.example", KEY_A, null))))
                .hasMessageContaining("must use https");
        assertThat(FleetNodes.parse(AppEnv.PROD, list(node("lo", "DE", "http://127.0.0.1:8080", KEY_A, null))))
                .hasSize(1);
        assertThat(FleetNodes.parse(AppEnv.DEV, list(node("lan", "DE", "http://10.0.0.5:8080", KEY_A, null))))
                .hasSize(1);
    }

    @Test
    void shortKeysAndSecretsAreRefusedWithTheirLengthNotTheirValue() {
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD, list(node("de-1", "DE", "https://a.example.com", "short-key", null))))
                .hasMessage("PROD_XRAY_API_NODES node 'de-1': key must be at least 32 characters, got 9");
        assertThatThrownBy(() ->
                        FleetNodes.parse(AppEnv.PROD, list(node("de-1", "DE", "https://a.example.com", KEY_A, "tiny"))))
                .hasMessage("PROD_XRAY_API_NODES node 'de-1': signing_secret must be at least 32 bytes, got 4");
    }

    @Test
    void namesCountriesFieldsAndShapeAreChecked() {
        assertThatThrownBy(() ->
                        FleetNodes.parse(AppEnv.STAGE, list(node("DE 1", "DE", "https://a.example.com", KEY_A, null))))
                .hasMessageContaining("STAGE_XRAY_API_NODES[0]: name must be");
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD, list(node("de-1", "Germany", "https://a.example.com", KEY_A, null))))
                .hasMessageContaining("node 'de-1': country must be two capital letters");
        assertThatThrownBy(() -> FleetNodes.parse(
                        AppEnv.PROD,
                        "[{\"name\":\"de-1\",\"country\":\"DE\",\"url\":\"https://a.example.com\",\"key\":\"" + KEY_A
                                + "\",\"sni\":\"www.microsoft.com\"}]"))
                .hasMessageContaining("unknown field 'sni'");
        assertThatThrownBy(() -> FleetNodes.parse(AppEnv.PROD, "[]")).hasMessageContaining("non-empty JSON array");
        assertThatThrownBy(() -> FleetNodes.parse(AppEnv.PROD, "{oops")).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> FleetNodes.parse(AppEnv.PROD, " ")).hasMessageContaining("is empty");
    }
}
