package com.atlassecure.api.doctor;

import java.util.Locale;
import java.util.regex.Pattern;

/** Small host predicates the checks share: loopback addresses and IP literals. */
final class Hosts {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Hosts() {}

    static boolean isLoopback(String host) {
        String h = strip(host).toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    static boolean isIpLiteral(String host) {
        String h = strip(host);
        return IPV4.matcher(h).matches() || h.contains(":");
    }

    /** The host part of {@code host:port} (IPv6 in brackets), or the whole value when there is no port. */
    static String hostOf(String hostPort) {
        String v = hostPort.strip();
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            return close < 0 ? v : v.substring(1, close);
        }
        int colon = v.lastIndexOf(':');
        return colon < 0 || v.indexOf(':') != colon ? v : v.substring(0, colon);
    }

    private static String strip(String host) {
        String h = host == null ? "" : host.strip();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
