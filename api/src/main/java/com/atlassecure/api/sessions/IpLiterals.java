package com.atlassecure.api.sessions;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict parsing of IP address literals, and their rendering as an {@code ss} filter operand.
 *
 * <p>Text reaching {@code ss} comes from Xray's online list; it is parsed here and re-rendered from
 * the parsed bytes, so nothing the network sent is ever passed on verbatim. {@link InetAddress#getByName}
 * is only called on strings that it is guaranteed to treat as IPv6 literals: anything else would
 * trigger a DNS lookup.
 */
public final class IpLiterals {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // Hex digits and colons, optionally ending in a dotted quad (::ffff:1.2.3.4); at least one colon.
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiterals() {}

    /** The address written in {@code text} (IPv4 dotted quad, IPv6, or IPv6 in brackets), or empty. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 47) {
            return Optional.empty();
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (IPV4.matcher(s).matches()) {
            return Optional.of(ipv4(s));
        }
        if (!IPV6_CHARS.matcher(s).matches() || !javaParsesAsLiteral(s)) {
            return Optional.empty();
        }
        try {
            // A string containing ':' is parsed as an IPv6 literal or rejected, never looked up.
            InetAddress parsed = InetAddress.getByName(s);
            if (parsed instanceof Inet6Address v6 && v6.getScopeId() != 0) {
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when {@link InetAddress#getByName} will treat the text as a literal and never look it up: it tries a
     * literal only if the first character is a hex digit or ':' (so ".:1", which has a colon, would go to DNS).
     */
    static boolean javaParsesAsLiteral(String s) {
        return !s.isEmpty() && (Character.digit(s.charAt(0), 16) != -1 || s.charAt(0) == ':');
    }

    /**
     * The operand for {@code ss ... dst OPERAND}: a dotted quad, or an IPv6 address in brackets
     * (ss reads a bare IPv6 address as host:port). An IPv4 operand also matches the IPv4-mapped
     * sockets of a dual-stack listener, which is how Xray's {@code ::} listeners see IPv4 customers.
     */
    static String ssOperand(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (address instanceof Inet6Address v6 && v6.getScopeId() == 0) {
            return "[" + v6.getHostAddress() + "]";
        }
        throw new IllegalArgumentException("not a plain IP address: " + address);
    }

    private static InetAddress ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
        }
    }
}
