package com.atlassecure.api.config;

import com.atlassecure.api.reality.RealityKeys;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules the VLESS REALITY inbound must meet for the links the API writes to work, written once and read three
 * times: start-up refuses on any broken one ({@link StartupChecks}), {@code /health} reports some of them, and the
 * doctor scores them. A {@link Finding} carries the verdict and the two values compared, not a sentence, because
 * each reader words it for its own output (and those words are pinned by operators' scripts and tests).
 */
public final class InboundRules {
    /** The networks Xray treats as plain TCP; "raw" is its newer name for "tcp". */
    public static final Set<String> TCP_NETWORKS = Set.of("tcp", "raw");

    /** One rule; the javadoc says what {@link Finding#expected} and {@link Finding#actual} hold for it. */
    public enum Rule {
        /** The inbound listens on the port links carry: the expected port, the inbound's port. */
        PORT,
        /** realitySettings.serverNames includes the SNI links carry: the SNI, the serverNames list. */
        SNI,
        /** realitySettings.privateKey is a usable X25519 key: no expectation; its public key, or why it is unusable. */
        PRIVATE_KEY,
        /** The private key's public key is the one links carry; only found when the private key is usable. */
        PUBLIC_KEY,
        /** realitySettings.shortIds includes the short id links carry: the short id, the shortIds list. */
        SHORT_ID,
        /** settings.decryption is "none", the only value VLESS links can state: "none", the value. */
        DECRYPTION,
        /** streamSettings.network is plain TCP, which Vision needs: "tcp or raw", the value. */
        NETWORK,
        /** streamSettings.security is reality: "reality", the value. */
        SECURITY,
        /** Every client carries the Vision flow, without which it connects but passes no traffic: "0", the count. */
        FLOW
    }

    /** The values links carry. A {@code null} one was not given, and no inbound meets it. */
    public record Expected(Integer port, String sni, String publicKey, String shortId) {}

    /** One rule's verdict with the value expected and the value the inbound has. */
    public record Finding(Rule rule, boolean ok, String expected, String actual) {}

    private InboundRules() {}

    /** Every rule but {@link Rule#FLOW} (which needs the clients; see {@link #flow}), in a fixed order. */
    public static List<Finding> check(Expected expected, VlessRealityInbound inbound) {
        List<Finding> findings = new ArrayList<>();
        String port = expected.port() == null ? null : String.valueOf(expected.port());
        findings.add(new Finding(
                Rule.PORT, Objects.equals(expected.port(), inbound.port()), port, String.valueOf(inbound.port())));
        findings.add(member(Rule.SNI, expected.sni(), inbound.serverNames()));
        findings.addAll(keys(expected.publicKey(), inbound.privateKey()));
        findings.add(member(Rule.SHORT_ID, expected.shortId(), inbound.shortIds()));
        findings.add(new Finding(Rule.DECRYPTION, "none".equals(inbound.decryption()), "none", inbound.decryption()));
        findings.add(
                new Finding(Rule.NETWORK, TCP_NETWORKS.contains(inbound.network()), "tcp or raw", inbound.network()));
        findings.add(new Finding(Rule.SECURITY, "reality".equals(inbound.security()), "reality", inbound.security()));
        return List.copyOf(findings);
    }

    /**
     * The Vision-flow rule, from a count: /health counts clients while streaming past them, the doctor from the
     * parsed inbound. Start-up does not apply it, because it repairs such clients instead of refusing.
     */
    public static Finding flow(long clientsWithoutFlow) {
        return new Finding(Rule.FLOW, clientsWithoutFlow == 0, "0", String.valueOf(clientsWithoutFlow));
    }

    /** The findings keyed by rule, for readers that report them in their own order. */
    public static Map<Rule, Finding> byRule(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(Finding::rule, Function.identity()));
    }

    private static Finding member(Rule rule, String expected, List<String> configured) {
        // The lists are immutable copies, whose contains(null) throws.
        return new Finding(rule, expected != null && configured.contains(expected), expected, configured.toString());
    }

    private static List<Finding> keys(String expectedPublicKey, String privateKey) {
        String derived;
        try {
            derived = RealityKeys.publicKeyOf(privateKey);
        } catch (IllegalArgumentException e) {
            return List.of(new Finding(Rule.PRIVATE_KEY, false, null, e.getMessage()));
        }
        return List.of(
                new Finding(Rule.PRIVATE_KEY, true, null, derived),
                new Finding(Rule.PUBLIC_KEY, derived.equals(expectedPublicKey), expectedPublicKey, derived));
    }
}
