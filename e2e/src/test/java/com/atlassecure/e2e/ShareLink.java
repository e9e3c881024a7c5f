package com.atlassecure.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code vless://} share link as a customer's app reads it. The parsing is the test's own, written from the share
 * link convention (xray-facts.md) and deliberately independent of the API's {@code VlessLinks}: if both shared one
 * misreading, a link could be wrong in a way no test notices.
 */
record ShareLink(String uuid, String host, int port, Map<String, String> params, String remark) {

    private static final String PREFIX = "vless://";
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    ShareLink {
        params = Map.copyOf(params);
    }

    /** The query parameter, percent-decoded, or null when the link lacks it. */
    String param(String name) {
        return params.get(name);
    }

    /** Parses the link; IllegalArgumentException names the part that is wrong (never the whole link). */
    static ShareLink parse(String link) {
        if (link == null || !link.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a vless:// link");
        }
        String rest = link.substring(PREFIX.length());
        String remark = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            remark = decode(rest.substring(hash + 1), "fragment");
            rest = rest.substring(0, hash);
        }
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("link has no uuid@host:port part");
        }
        String uuid = decode(rest.substring(0, at), "uuid");
        if (!UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("link user part is not a UUID (" + uuid.length() + " chars)");
        }
        String hostPort = rest.substring(at + 1);
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("IPv6 host must be [addr]:port, got " + hostPort);
            }
            host = hostPort.substring(1, close);
            portText = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("link has no host:port, got " + hostPort);
            }
            host = hostPort.substring(0, colon);
            portText = hostPort.substring(colon + 1);
        }
        return new ShareLink(uuid, host, port(portText), params(query), remark);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("link port " + port + " is outside 1..65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("link port is not a number: " + text, e);
        }
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("query part '" + pair + "' is not name=value");
            }
            String name = decode(pair.substring(0, eq), "parameter name");
            // Names are case-sensitive and unique: a second "sni" would leave the client's choice undefined.
            if (params.putIfAbsent(name, decode(pair.substring(eq + 1), name)) != null) {
                throw new IllegalArgumentException("parameter " + name + " appears twice");
            }
        }
        return params;
    }

    /** Percent-decoding as encodeURIComponent's inverse: "+" stays a plus, "%XX" are UTF-8 bytes. */
    static String decode(String text, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException(what + " has a truncated %-escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(what + " has an invalid %-escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Never the link itself: it is a customer's credential and must not reach a log or a report. */
    @Override
    public String toString() {
        return "ShareLink[uuid=" + uuid.substring(0, 8) + "…, host=" + host + ", port=" + port + ", params="
                + params.keySet() + "]";
    }
}
