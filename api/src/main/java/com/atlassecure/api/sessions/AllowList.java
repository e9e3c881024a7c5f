package com.atlassecure.api.sessions;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Admin addresses whose sessions are never closed, read from {@code SESSION_CLOSE_ALLOWLIST}: a
 * comma-separated list of IP addresses and CIDR ranges, e.g. {@code 203.0.113.7,2001:db8::/48}.
 */
public final class AllowList {
    /** The setting this list is read from; named in every parse error. */
    public static final String SETTING = "SESSION_CLOSE_ALLOWLIST";

    private static final AllowList EMPTY = new AllowList(List.of(), "");

    private final List<Range> ranges;
    private final String text;

    private AllowList(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /** The empty list: every customer's sessions may be closed. */
    public static AllowList empty() {
        return EMPTY;
    }

    /**
     * Parses the setting's value; null or blank is the empty list.
     *
     * @throws IllegalArgumentException naming the setting and the entry that is not an IP or CIDR
     */
    public static AllowList parse(String value) {
        if (value == null || value.isBlank()) {
            return EMPTY;
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            ranges.add(Range.parse(entry));
        }
        return new AllowList(ranges, value.strip());
    }

    /** Whether the address is in one of the ranges. */
    public boolean contains(InetAddress address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address =
                    IpLiterals.parse(host).orElseThrow(() -> invalid(entry, "it is not an IP address literal"));
            byte[] bytes = address.getAddress();
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                String bits = entry.substring(slash + 1);
                if (!bits.matches("\\d{1,3}")) {
                    throw invalid(entry, "the prefix length is not a number");
                }
                prefix = Integer.parseInt(bits);
                if (prefix > max) {
                    throw invalid(entry, "the prefix length exceeds " + max);
                }
            }
            return new Range(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                // An IPv4 range also covers the IPv4-mapped form; Java already maps ::ffff:a.b.c.d to Inet4Address.
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        private static IllegalArgumentException invalid(String entry, String why) {
            return new IllegalArgumentException(SETTING + " entry '" + entry + "' is invalid: " + why);
        }
    }
}
