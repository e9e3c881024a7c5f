package com.atlassecure.api.sessions;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Log-safe stand-ins for customer identities and addresses (review M7): an HMAC under a key made at start and never
 * stored, so one process's lines can be correlated ("the same address again") but a journal cannot be turned back
 * into Telegram ids or home IPs, not even by hashing every id or every IPv4 address.
 */
public final class LogTags {
    private static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    private LogTags() {}

    /** The email (user_&lt;telegram id&gt;) as "u" + 10 hex characters. */
    public static String user(String email) {
        return "u" + hmac(email);
    }

    /** Count and tags of addresses, e.g. "2 [a1b2c3d4e5,0f9e8d7c6b]"; never the addresses. */
    public static String ips(Collection<String> ips) {
        return ips.size() + " [" + ips.stream().map(ip -> "ip" + hmac(ip)).collect(Collectors.joining(",")) + "]";
    }

    /** The text with every IPv4 or IPv6 literal in it replaced by its tag, for free-text details. */
    static String scrub(String text) {
        if (text == null) {
            return "";
        }
        return IP_LITERAL.matcher(text).replaceAll(m -> "ip" + hmac(m.group()));
    }

    private static final Pattern IP_LITERAL =
            Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b|\\[?[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\\]?");

    private static String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
