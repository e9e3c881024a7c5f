package com.atlassecure.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.config.InboundRules.Expected;
import com.atlassecure.api.config.InboundRules.Finding;
import com.atlassecure.api.config.InboundRules.Rule;
import com.atlassecure.api.reality.RealityKeyPair;
import com.atlassecure.api.reality.RealityKeys;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inbound rules' verdicts and the values they carry, which start-up, /health and the doctor word. */
class InboundRulesTest {
    static final RealityKeyPair KEYS = RealityKeys.generate();

    static VlessRealityInbound inbound(String network, String security, String decryption, String privateKey) {
        return new VlessRealityInbound(
                "vless-reality",
                null,
                4443,
                network,
                security,
                decryption,
                List.of("www.microsoft.com"),
                privateKey,
                List.of("a1b2c3d4", ""),
                "www.microsoft.com:443",
                List.of(),
                null,
                null);
    }

    static final Expected EXPECTED = new Expected(4443, "www.microsoft.com", KEYS.publicKey(), "a1b2c3d4");

    @Test
    void aMatchingInboundPassesEveryRuleInAFixedOrder() {
        List<Finding> findings = InboundRules.check(EXPECTED, inbound("raw", "reality", "none", KEYS.privateKey()));

        assertThat(findings)
                .extracting(Finding::rule)
                .containsExactly(
                        Rule.PORT,
                        Rule.SNI,
                        Rule.PRIVATE_KEY,
                        Rule.PUBLIC_KEY,
                        Rule.SHORT_ID,
                        Rule.DECRYPTION,
                        Rule.NETWORK,
                        Rule.SECURITY);
        assertThat(findings).allMatch(Finding::ok);
        assertThat(InboundRules.byRule(findings).get(Rule.PRIVATE_KEY).actual()).isEqualTo(KEYS.publicKey());
    }

    @Test
    void eachMismatchCarriesTheExpectedAndTheConfiguredValue() {
        Expected wrong =
                new Expected(443, "vpn.mynewllcw.com", RealityKeys.generate().publicKey(), "deadbeef");
        Map<Rule, Finding> found =
                InboundRules.byRule(InboundRules.check(wrong, inbound("ws", "tls", "mlkem768", KEYS.privateKey())));

        assertThat(found.values()).noneMatch(f -> f.ok() && f.rule() != Rule.PRIVATE_KEY);
        assertThat(found.get(Rule.PORT)).isEqualTo(new Finding(Rule.PORT, false, "443", "4443"));
        assertThat(found.get(Rule.SNI).actual()).isEqualTo("[www.microsoft.com]");
        assertThat(found.get(Rule.PUBLIC_KEY).actual()).isEqualTo(KEYS.publicKey());
        assertThat(found.get(Rule.SHORT_ID).actual()).isEqualTo("[a1b2c3d4, ]");
        assertThat(found.get(Rule.DECRYPTION).actual()).isEqualTo("mlkem768");
        assertThat(found.get(Rule.NETWORK).actual()).isEqualTo("ws");
        assertThat(found.get(Rule.SECURITY).actual()).isEqualTo("tls");
    }

    @Test
    void anUnusablePrivateKeyFailsWithItsReasonAndLeavesThePublicKeyUnjudged() {
        Map<Rule, Finding> found =
                InboundRules.byRule(InboundRules.check(EXPECTED, inbound("tcp", "reality", "none", "not-a-key")));

        assertThat(found.get(Rule.PRIVATE_KEY).ok()).isFalse();
        assertThat(found.get(Rule.PRIVATE_KEY).actual()).isNotBlank();
        assertThat(found).doesNotContainKey(Rule.PUBLIC_KEY);
    }

    @Test
    void aMissingExpectationFailsItsRuleInsteadOfThrowing() {
        Map<Rule, Finding> found = InboundRules.byRule(InboundRules.check(
                new Expected(null, null, null, null), inbound("tcp", "reality", "none", KEYS.privateKey())));

        assertThat(found.get(Rule.PORT).ok()).isFalse();
        assertThat(found.get(Rule.SNI).ok()).isFalse();
        assertThat(found.get(Rule.PUBLIC_KEY).ok()).isFalse();
        assertThat(found.get(Rule.SHORT_ID).ok()).isFalse();
        // "" is a configured short id, so an empty expectation is a value that can match.
        assertThat(InboundRules.byRule(InboundRules.check(
                                new Expected(4443, "www.microsoft.com", KEYS.publicKey(), ""),
                                inbound("tcp", "reality", "none", KEYS.privateKey())))
                        .get(Rule.SHORT_ID)
                        .ok())
                .isTrue();
    }

    @Test
    void theFlowRuleCountsClientsWithoutVision() {
        assertThat(InboundRules.flow(0).ok()).isTrue();
        assertThat(InboundRules.flow(3)).isEqualTo(new Finding(Rule.FLOW, false, "0", "3"));
    }
}
