package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.reality.RealityKeyPair;
import com.atlassecure.api.xrayconfig.InitParameters;
import com.atlassecure.api.xrayconfig.ReferenceConfig;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAG = "vless-reality";

    @TempDir
    Path dir;

    private Path config(boolean allowPrivate, Consumer<ObjectNode> bend) throws Exception {
        TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
        ObjectNode root = (ObjectNode) JSON.readTree(ReferenceConfig.render(new InitParameters(
                4443,
                "www.microsoft.com",
                "www.microsoft.com:443",
                "127.0.0.1:10085",
                new RealityKeyPair(keys.privateKey(), keys.publicKey()),
                "abcd",
                allowPrivate)));
        bend.accept(root);
        Path file = dir.resolve("config.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    private static ObjectNode rule(ObjectNode root) {
        return (ObjectNode) root.path("routing").path("rules").get(0);
    }

    @Test
    void theReferenceConfigPasses() throws Exception {
        CheckResult result = EgressChecks.routingRule(config(false, r -> {}), TAG);
        assertThat(result.status()).as(result.reason()).isEqualTo(Status.PASS);
    }

    @Test
    void aConfigMadeWithAllowPrivateDestinationsFails() throws Exception {
        CheckResult result = EgressChecks.routingRule(config(true, r -> {}), TAG);
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason()).contains("no routing rule blocks loopback");
    }

    @Test
    void aRuleWithoutLoopbackFailsAndNamesWhatIsMissing() throws Exception {
        CheckResult result = EgressChecks.routingRule(
                config(false, r -> {
                    ArrayNode ips = (ArrayNode) rule(r).path("ip");
                    for (int i = ips.size() - 1; i >= 0; i--) {
                        if (ips.get(i).asText().equals("127.0.0.0/8")) {
                            ips.remove(i);
                        }
                    }
                }),
                TAG);
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason()).contains("lacks [127.0.0.0/8]");
    }

    @Test
    void aRuleNarrowedToOnePortFails() throws Exception {
        CheckResult result = EgressChecks.routingRule(config(false, r -> rule(r).put("port", "80")), TAG);
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason()).contains("limited by [port]");
    }

    @Test
    void domainStrategyAsIsFailsBecauseIpRulesNeverSeeDomains() throws Exception {
        CheckResult result = EgressChecks.routingRule(
                config(false, r -> ((ObjectNode) r.path("routing")).put("domainStrategy", "AsIs")), TAG);
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason()).contains("domainStrategy is AsIs");
    }

    @Test
    void aCatchAllDirectRuleBeforeTheBlockFails() throws Exception {
        CheckResult result = EgressChecks.routingRule(
                config(
                        false,
                        r -> ((ArrayNode) r.path("routing").path("rules"))
                                .insertObject(0)
                                .put("outboundTag", "direct")
                                .putArray("inboundTag")
                                .add(TAG)),
                TAG);
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason()).contains("before any private-range block rule");
    }

    private static final String TABLE_LISTING = "table inet atlas_xray_egress {\n"
            + "\tset blocked_v4 {\n\t\telements = { 0.0.0.0/8, 10.0.0.0/8, 127.0.0.0/8 }\n\t}\n"
            + "\tset own_v4 {\n\t\telements = { 198.51.100.10 }\n\t}\n"
            + "\tset own_v6 {\n\t\telements = { 2001:db8:ffff::10 }\n\t}\n"
            + "\tchain output {\n\t\tmeta skuid != 999 accept\n"
            + "\t\tip daddr @blocked_v4 counter packets 0 bytes 0 reject with icmpx admin-prohibited\n\t}\n}\n";

    @Test
    void theHostTableWithEveryOwnAddressPasses() throws Exception {
        CheckResult result = EgressChecks.hostFirewall(
                cmd -> new EgressChecks.Ran(0, TABLE_LISTING),
                List.of(InetAddress.getByName("198.51.100.10"), InetAddress.getByName("2001:db8:ffff:0:0:0:0:10")));
        assertThat(result.status()).as(result.reason()).isEqualTo(Status.PASS);
    }

    @Test
    void anOwnAddressMissingFromTheTableFails() throws Exception {
        CheckResult result = EgressChecks.hostFirewall(
                cmd -> new EgressChecks.Ran(0, TABLE_LISTING), List.of(InetAddress.getByName("203.0.113.7")));
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.reason()).contains("203.0.113.7");
    }

    @Test
    void aMissingTableFailsAndAnUninspectableOneWarnsWithTheReason() {
        CheckResult missing = EgressChecks.hostFirewall(
                cmd -> new EgressChecks.Ran(1, "Error: No such file or directory"), List.of());
        CheckResult noRoot =
                EgressChecks.hostFirewall(cmd -> new EgressChecks.Ran(1, "Error: Operation not permitted"), List.of());
        CheckResult noNft = EgressChecks.hostFirewall(
                cmd -> new EgressChecks.Ran(-1, "nft is not installed: No such file"), List.of());

        assertThat(missing.status()).isEqualTo(Status.FAIL);
        assertThat(noRoot.status()).isEqualTo(Status.WARN);
        assertThat(noRoot.reason()).contains("Operation not permitted");
        assertThat(noNft.status()).isEqualTo(Status.WARN);
        assertThat(noNft.reason()).contains("nft is not installed");
    }

    @Test
    void doctorFailsAConfigOrApiEnvThatOtherUsersCanRead() throws Exception {
        Path config = config(false, r -> {});
        Path env = dir.resolve("api.env");
        Files.writeString(env, "XRAY_API_KEY=x");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(env, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        List<CheckResult> results = FileModeChecks.run(config, env);

        assertThat(results)
                .extracting(CheckResult::id, CheckResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("files.config-mode", Status.PASS),
                        org.assertj.core.groups.Tuple.tuple("files.api-env-mode", Status.FAIL));
    }
}
