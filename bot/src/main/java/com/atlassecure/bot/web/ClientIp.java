package com.atlassecure.bot.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address a request is counted against. Railway (and any reverse proxy on a private or loopback address) puts
 * the client in {@code X-Forwarded-For}; the last entry is the one that proxy added. From a public peer the header is
 * the client's own word and is ignored, so no one can pick a fresh address per request.
 */
final class ClientIp {
    private ClientIp() {}

    static String of(Context ctx) {
        String peer = ctx.ip();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || !privatePeer(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() ? peer : last;
    }

    static boolean privatePeer(String ip) {
        // Only a literal address: a name would make getByName ask DNS.
        if (ip == null || !ip.matches("\\[?[0-9a-fA-F:.]+]?")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(ip.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
