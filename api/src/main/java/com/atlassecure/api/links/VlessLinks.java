package com.atlassecure.api.links;

import com.atlassecure.api.xrayconfig.Flows;
import com.atlassecure.contract.validation.Uuids;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The only place in the system that builds a {@code vless://} share link, and its inverse. Values are
 * percent-encoded with encodeURIComponent rules; IPv6 hosts go in brackets.
 */
public final class VlessLinks {
    public static final String SCHEME = "vless";
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

    private VlessLinks() {}

    public static String build(LinkParameters p, String uuid) {
        return template(p).link(uuid);
    }

    /**
     * Everything after the uuid, checked and encoded once: for a running API only the uuid differs between links,
     * so a request neither re-validates the host nor re-encodes the parameters.
     */
    public static Template template(LinkParameters p) {
        if (p.port() < 1 || p.port() > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], got " + p.port());
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", "tcp");
        params.put("encryption", "none");
        params.put("security", "reality");
        params.put("sni", requireText("sni", p.sni()));
        params.put("fp", requireText("fp", p.fingerprint()));
        params.put("pbk", requireText("pbk", p.publicKey()));
        params.put("sid", p.shortId() == null ? "" : p.shortId());
        params.put("flow", Flows.VISION_FLOW);
        StringBuilder tail = new StringBuilder(256)
                .append('@')
                .append(hostForUri(p.host()))
                .append(':')
                .append(p.port());
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            tail.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        tail.append('#').append(encode(requireText("remark", p.remark())));
        return new Template(tail.toString());
    }

    /** A link with all but its uuid in place. */
    public static final class Template {
        private final String tail;

        private Template(String tail) {
            this.tail = tail;
        }

        /** The link for {@code uuid}, which must be canonical: a canonical uuid needs no percent-encoding. */
        public String link(String uuid) {
            return SCHEME + "://" + Uuids.requireValid(uuid) + tail;
        }
    }

    public static VlessLink parse(String link) {
        if (link == null) {
            throw new IllegalArgumentException("link is null");
        }
        String prefix = SCHEME + "://";
        if (!link.startsWith(prefix)) {
            throw new IllegalArgumentException("not a " + SCHEME + " link");
        }
        String rest = link.substring(prefix.length());
        String remark = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            remark = decode(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("link has no uuid@host:port part");
        }
        String uuid = Uuids.requireValid(decode(rest.substring(0, at)));
        String hostPort = rest.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("link has no port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 host must be in brackets");
        }
        validateHost(host);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty parameter name");
                }
                if (params.put(name, value) != null) {
                    throw new IllegalArgumentException("duplicate parameter " + name);
                }
            }
        }
        return new VlessLink(uuid, host, port, params, remark);
    }

    static String hostForUri(String host) {
        validateHost(host);
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void validateHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        boolean ok = host.contains(":")
                ? IPV6.matcher(host).matches()
                : HOSTNAME.matcher(host).matches();
        if (!ok) {
            throw new IllegalArgumentException("host is neither a DNS name nor an IP literal: '" + host + "'");
        }
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /** encodeURIComponent: everything but the unreserved set becomes %XX of its UTF-8 bytes. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String decode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new IllegalArgumentException("truncated percent-escape");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent-escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                int end = i + Character.charCount(value.codePointAt(i));
                byte[] encoded = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
