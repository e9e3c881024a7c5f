package com.atlassecure.contract.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request signing (design principle 10). The core canonical string is {@code timestamp + "\n" + METHOD + "\n" +
 * path + "\n" + hex(sha256(body))}; the signature the API accepts is hex HMAC-SHA256, keyed with the signing secret,
 * over that core followed by the host and a nonce ({@link SignedRequest}, finding L1). The secret never travels, so a
 * leaked {@code X-API-Key} header alone cannot forge a request. Thread-safe.
 */
public final class RequestSigning {
    public static final String TIMESTAMP_HEADER = "X-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Signature";
    public static final String API_KEY_HEADER = "X-API-Key";
    /** A signed request is accepted only within this many seconds of the receiver's clock. */
    public static final long MAX_SKEW_SECONDS = 300;

    private static final HexFormat HEX = HexFormat.of();

    private RequestSigning() {}

    /** The exact bytes that are signed; exposed so both sides and the test vectors agree on them. */
    public static String canonicalString(long timestampSeconds, String method, String path, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        return timestampSeconds + "\n" + method.toUpperCase(java.util.Locale.ROOT) + "\n" + path + "\n"
                + HEX.formatHex(sha256(body == null ? new byte[0] : body));
    }

    /**
     * HMAC of the core canonical string alone: the first version of principle 10, without host or nonce. The API
     * no longer accepts it (finding L1); it stays as the reference of the core that the published vectors pin.
     */
    @Deprecated
    public static String sign(byte[] secret, long timestampSeconds, String method, String path, byte[] body) {
        return hmacHex(
                secret, canonicalString(timestampSeconds, method, path, body).getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time check of a presented hex signature against {@link #sign}; the same caveat applies. */
    @Deprecated
    public static boolean matches(
            byte[] secret, long timestampSeconds, String method, String path, byte[] body, String presentedHex) {
        if (presentedHex == null) {
            return false;
        }
        byte[] expected = sign(secret, timestampSeconds, method, path, body).getBytes(StandardCharsets.US_ASCII);
        byte[] presented =
                presentedHex.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented);
    }

    static String hmacHex(byte[] secret, byte[] data) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("signing secret must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(data));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }

    /** Constant time over the expected length; a presented value is compared stripped and lower-cased. */
    static boolean sameHex(String expectedHex, String presentedHex) {
        if (presentedHex == null) {
            return false;
        }
        byte[] expected = expectedHex.getBytes(StandardCharsets.US_ASCII);
        byte[] presented =
                presentedHex.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented);
    }

    /** Whether the timestamp is within {@link #MAX_SKEW_SECONDS} of {@code nowSeconds}. */
    public static boolean fresh(long timestampSeconds, long nowSeconds) {
        // Compared as bounds, not as Math.abs(now - ts): that difference overflows for a crafted timestamp near
        // Long.MIN_VALUE, and Math.abs(Long.MIN_VALUE) is negative, which used to pass as "fresh".
        return timestampSeconds >= nowSeconds - MAX_SKEW_SECONDS && timestampSeconds <= nowSeconds + MAX_SKEW_SECONDS;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }
}
