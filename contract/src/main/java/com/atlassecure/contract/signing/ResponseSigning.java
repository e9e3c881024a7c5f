package com.atlassecure.contract.signing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Authenticates an answer back to the bot (finding L14): {@code X-Response-Signature} is hex HMAC-SHA256, keyed with
 * the signing secret, over {@code requestSignature + "\n" + hex(sha256(responseBody))}. Binding the request's
 * signature ties the answer to the one request it answers, so neither a stored answer nor one for another call can
 * be substituted by whoever sits between the bot and the API.
 */
public final class ResponseSigning {
    public static final String HEADER = "X-Response-Signature";

    private ResponseSigning() {}

    public static String sign(byte[] secret, String requestSignature, byte[] responseBody) {
        String canonical = requestSignature.strip().toLowerCase(Locale.ROOT) + "\n"
                + HexFormat.of().formatHex(RequestSigning.sha256(responseBody == null ? new byte[0] : responseBody));
        return RequestSigning.hmacHex(secret, canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time check; false for a missing signature. */
    public static boolean matches(byte[] secret, String requestSignature, byte[] responseBody, String presentedHex) {
        return RequestSigning.sameHex(sign(secret, requestSignature, responseBody), presentedHex);
    }
}
