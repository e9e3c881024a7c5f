package com.atlassecure.contract.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Constant-time comparison of API keys, and the one safe way to mention a secret in a log: a sha256 prefix. */
public final class ApiKeys {
    private ApiKeys() {}

    /** Compares in time independent of where the inputs differ (audit medium issue 2). */
    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sha256:<first 12 hex>}, for telling secrets apart in logs without revealing them. */
    public static String fingerprint(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "sha256:none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }
}
