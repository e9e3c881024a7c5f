package com.atlassecure.api.config;

/**
 * What every link carries and what the inbound must therefore agree with: the host, port, SNI, public key and short
 * id (checked against config.json by {@link InboundRules} at start, in /health and in the doctor), plus the client
 * fingerprint and remark. {@code expectProduction} records that the values were required to equal production's.
 */
public record LinkExpectations(
        String serverHost,
        int port,
        String sni,
        String publicKey,
        String shortId,
        String fingerprint,
        String remark,
        boolean expectProduction) {

    /** The expectations the inbound rules compare config.json with. */
    public InboundRules.Expected inbound() {
        return new InboundRules.Expected(port, sni, publicKey, shortId);
    }
}
