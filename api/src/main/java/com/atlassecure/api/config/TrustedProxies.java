package com.atlassecure.api.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The peers whose {@code X-Real-IP} the API believes (API_TRUSTED_PROXIES, finding H1): IP addresses and CIDR
 * ranges, parsed as literals only, never resolved. Immutable.
 */
public final class TrustedProxies {
    private static final String SETTING = "API_TRUSTED_PROXIES";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        // A record compares arrays by identity; two parses of one setting are the same ranges.
        @Override
        public boolean equals(Object o) {
            return o instanceof Range other && prefix == other.prefix && Arrays.equals(network, other.network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }

        @Override
        public String toString() {
            try {
                String host = InetAddress.getByAddress(network).getHostAddress();
                return (network.length == 16 ? compactV6(host) : host) + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** 127.0.0.0/8 and ::1: what a reverse proxy on the same host connects from. */
    public static TrustedProxies loopback() {
        return parse("127.0.0.0/8 ::1");
    }

    /** Entries separated by commas or spaces; {@code none} for an explicitly empty list. */
    public static TrustedProxies parse(String raw) {
        if (raw.strip().equalsIgnoreCase("none")) {
            return none();
        }
        List<Range> ranges = new ArrayList<>();
        for (String entry : raw.strip().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                ranges.add(range(entry));
            }
        }
        return new TrustedProxies(ranges);
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress address = literal(host);
        if (address == null) {
            throw new SettingsException(SETTING + ": '" + entry + "' is not an IP address or CIDR range"
                    + " (e.g. 127.0.0.1 or 10.0.0.0/8); names are not resolved");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new SettingsException(SETTING + ": '" + entry + "' has a prefix length outside 0-" + bits);
            }
            if (prefix == 0) {
                throw new SettingsException(SETTING + ": '" + entry + "' trusts every address, so anyone could"
                        + " choose their own X-Real-IP; list the proxy's own addresses");
            }
        }
        return new Range(address.getAddress(), prefix);
    }

    /**
     * The address for an IP literal (IPv6 with or without brackets), or null for anything else. Only strings that
     * are literals by shape reach {@link InetAddress#getByName}, so no name is ever looked up.
     */
    public static InetAddress literal(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.contains(":") && IPV6.matcher(s).matches();
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the address (a literal, as a servlet's remote address is) lies in one of the ranges. */
    public boolean contains(String address) {
        InetAddress parsed = literal(address);
        if (parsed == null) {
            return false;
        }
        byte[] bytes = parsed.getAddress();
        return ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    private static String compactV6(String full) {
        // 0:0:0:0:0:0:0:1 -> ::1, fd00:0:0:0:0:0:0:0 -> fd00:: (the longest run of zero groups becomes ::)
        String s = full.toLowerCase(Locale.ROOT).replaceAll("(^|:)0+(?=[0-9a-f])", "$1");
        String best = null;
        for (int n = 8; n >= 2 && best == null; n--) {
            String run = String.join(":", java.util.Collections.nCopies(n, "0"));
            String padded = ":" + s + ":";
            int at = padded.indexOf(":" + run + ":");
            if (at >= 0) {
                best = (padded.substring(0, at) + "::" + padded.substring(at + run.length() + 2))
                        .replaceAll("^:(?!:)|(?<!:):$", "");
            }
        }
        return best == null ? s : best;
    }

    /** The same ranges in the same order, so settings read twice from one env are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedProxies other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }
}
