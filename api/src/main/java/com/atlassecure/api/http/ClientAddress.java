package com.atlassecure.api.http;

import com.atlassecure.api.config.TrustedProxies;
import io.javalin.http.Context;
import java.net.InetAddress;

/**
 * The address a request is counted against (finding H1): the TCP peer, or the {@code X-Real-IP} it sends when the
 * peer is a trusted proxy. A client that talks to the API directly cannot choose its own address.
 */
final class ClientAddress {
    static final String REAL_IP_HEADER = "X-Real-IP";

    private final TrustedProxies trusted;

    ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        InetAddress real = TrustedProxies.literal(ctx.header(REAL_IP_HEADER));
        // A trusted proxy that sends no usable header is itself the client (a health probe on the host, say).
        return real == null ? peer : real.getHostAddress();
    }
}
