package com.atlassecure.contract.clients;

/**
 * The proxy core inside a customer's app. REALITY servers admit or refuse a client by what its core writes into the
 * TLS session id, so the core, not the app, decides whether a key connects.
 */
public enum ClientCore {
    /** Xray-core: writes its own release number (26.3.27 for Xray 26.3.27). */
    XRAY("xray-core"),
    /** sing-box: writes 1.8.1 whatever its own release (its {@code common/tls/reality_client.go}). */
    SING_BOX("sing-box"),
    /** mihomo (Clash Meta): writes 1.8.2. */
    MIHOMO("mihomo");

    private final String id;

    ClientCore(String id) {
        this.id = id;
    }

    /** Stable lower-case id, as used in doctor check ids ({@code clients.sing-box}) and docs. */
    public String id() {
        return id;
    }
}
