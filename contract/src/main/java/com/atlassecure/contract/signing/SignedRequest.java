package com.atlassecure.contract.signing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One request as design principle 10 signs it since finding L1: the core canonical string of {@link RequestSigning}
 * over the request target (path, plus {@code "?" + raw query} when there is one), followed by {@code "\n" + host +
 * "\n" + nonce}. The nonce ({@code X-Request-Id}) makes two identical calls in one second two signatures; the host
 * keeps a request for one node from being accepted by another that shares the secret. Immutable.
 */
public final class SignedRequest {
    /** Random, unique per request; 16 to 128 characters of {@code [A-Za-z0-9_-]}. */
    public static final String NONCE_HEADER = "X-Request-Id";

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long timestampSeconds;
    private final String nonce;
    private final String method;
    private final String host;
    private final String target;
    private final byte[] body;

    public SignedRequest(long timestampSeconds, String nonce, String method, String host, String target, byte[] body) {
        this.timestampSeconds = timestampSeconds;
        this.nonce = Objects.requireNonNull(nonce, "nonce");
        this.method = Objects.requireNonNull(method, "method");
        this.host = Objects.requireNonNull(host, "host").strip().toLowerCase(Locale.ROOT);
        this.target = Objects.requireNonNull(target, "target");
        this.body = body == null ? new byte[0] : body.clone();
    }

    /** The exact text that is signed; exposed so both sides and the test vectors agree on it. */
    public String canonicalString() {
        return RequestSigning.canonicalString(timestampSeconds, method, target, body) + "\n" + host + "\n" + nonce;
    }

    /** Lower-case hex HMAC-SHA256 of {@link #canonicalString()}. */
    public String sign(byte[] secret) {
        return RequestSigning.hmacHex(secret, canonicalString().getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time check of a presented hex signature. */
    public boolean matches(byte[] secret, String presentedHex) {
        return RequestSigning.sameHex(sign(secret), presentedHex);
    }

    /** A fresh random nonce (128 bits, hex). */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean validNonce(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches();
    }

    /** The signed request target: the raw path, plus {@code "?" + raw query} when the query is not empty. */
    public static String target(String rawPath, String rawQuery) {
        return rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }

    public static String target(URI uri) {
        return target(uri.getRawPath(), uri.getRawQuery());
    }

    /**
     * The {@code Host} header Java's HTTP client sends for this URI: the host, with {@code ":" + port} unless the port
     * is absent or the scheme's default. The API verifies against the {@code Host} it receives, which a reverse proxy
     * passes on unchanged (Caddy's default).
     */
    public static String authority(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }
}
