package com.atlassecure.api.config;

import java.net.InetAddress;

/**
 * The API's HTTP edge: the address it listens on, the proxies whose X-Real-IP it believes, the largest body it
 * reads, and the per-address budgets for requests and for failed authentications (decision 0012).
 */
public record Listen(
        String host,
        int port,
        TrustedProxies trustedProxies,
        int maxBodyBytes,
        int rateLimitPerMinute,
        int authFailuresPerMinute) {

    /** Loopback proxies are trusted by default only when the API itself listens on loopback (finding H1). */
    public static TrustedProxies defaultTrustedProxies(String listenHost) {
        InetAddress listen = TrustedProxies.literal(listenHost);
        boolean loopback = "localhost".equalsIgnoreCase(listenHost) || (listen != null && listen.isLoopbackAddress());
        return loopback ? TrustedProxies.loopback() : TrustedProxies.none();
    }
}
