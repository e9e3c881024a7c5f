package com.atlassecure.api.http;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.contract.validation.ContractViolation;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Locale;

/**
 * Runs before every route except {@code /health} and {@code /metrics}: the API key (constant time, from the headers
 * alone, so a wrong key costs no body read), then the body size, the signature with its freshness and single use,
 * and last the caller's rate limit. Failed authentication is counted in its own budget (finding H1). A verified
 * signature is left on the request for the answer's {@code X-Response-Signature} (finding L14).
 */
final class RequestGuard {
    /** Request attribute holding the verified {@code X-Signature}, lower case. */
    static final String VERIFIED_SIGNATURE = RequestGuard.class.getName() + ".signature";

    private final String apiKey;
    private final SigningMode signing;
    private final byte[] signingSecret;
    private final int maxBodyBytes;
    private final Clock clock;
    private final ClientAddress clients;
    private final RateLimits limits;
    private final ReplayCache replays = new ReplayCache(RequestSigning.MAX_SKEW_SECONDS);
    private final ReplayFloor floor;

    RequestGuard(ApiSettings settings, Clock clock) {
        this.apiKey = settings.auth().apiKey();
        this.signing = settings.auth().signing();
        this.signingSecret = settings.auth().signingSecret();
        this.maxBodyBytes = settings.listen().maxBodyBytes();
        this.clock = clock;
        this.clients = new ClientAddress(settings.listen().trustedProxies());
        this.limits = new RateLimits(
                settings.listen().rateLimitPerMinute(), settings.listen().authFailuresPerMinute());
        this.floor = signing == SigningMode.OFF
                ? null
                : ReplayFloor.open(settings.storage().dataDir(), clock.instant().getEpochSecond());
    }

    void check(Context ctx) {
        String client = clients.of(ctx);
        if (!ApiKeys.constantTimeEquals(apiKey, ctx.header(RequestSigning.API_KEY_HEADER))) {
            limits.failed(client);
            throw new ContractViolation(ErrorCode.UNAUTHORIZED, "missing or wrong X-API-Key");
        }
        byte[] body = RequestBody.of(ctx, BodyLimits.forPath(ctx.path(), maxBodyBytes));
        String signature;
        try {
            signature = checkSignature(ctx, body);
        } catch (ContractViolation e) {
            limits.failed(client);
            throw e;
        }
        limits.authenticated(client);
        if (signature != null) {
            ctx.attribute(VERIFIED_SIGNATURE, signature);
        }
    }

    /** The verified signature, or null when the request is (acceptably) unsigned. */
    private String checkSignature(Context ctx, byte[] body) {
        if (signing == SigningMode.OFF) {
            return null;
        }
        String ts = ctx.header(RequestSigning.TIMESTAMP_HEADER);
        String sig = ctx.header(RequestSigning.SIGNATURE_HEADER);
        String nonce = ctx.header(SignedRequest.NONCE_HEADER);
        if (ts == null && sig == null && nonce == null && signing == SigningMode.OPTIONAL) {
            return null;
        }
        if (ts == null || sig == null || nonce == null) {
            throw new ContractViolation(
                    ErrorCode.BAD_SIGNATURE,
                    "X-Timestamp, X-Request-Id and X-Signature are all required when signing is on");
        }
        if (!SignedRequest.validNonce(nonce)) {
            throw new ContractViolation(
                    ErrorCode.BAD_SIGNATURE, "X-Request-Id must be 16 to 128 characters of A-Z, a-z, 0-9, _ and -");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw new ContractViolation(ErrorCode.BAD_SIGNATURE, "X-Timestamp must be unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (!RequestSigning.fresh(timestamp, now)) {
            throw new ContractViolation(
                    ErrorCode.STALE_TIMESTAMP,
                    "X-Timestamp " + timestamp + " is more than " + RequestSigning.MAX_SKEW_SECONDS
                            + " s from the server's " + now);
        }
        String host = ctx.header("Host");
        SignedRequest request = new SignedRequest(
                timestamp,
                nonce,
                ctx.method().name(),
                host == null ? "" : host,
                SignedRequest.target(ctx.path(), ctx.queryString()),
                body);
        if (!request.matches(signingSecret, sig)) {
            throw new ContractViolation(ErrorCode.BAD_SIGNATURE, "X-Signature does not match the request");
        }
        if (!floor.admits(timestamp)) {
            throw new ContractViolation(
                    ErrorCode.STALE_TIMESTAMP,
                    "X-Timestamp " + timestamp + " is not newer than the API's last start (" + floor.floor()
                            + "); sign the request again");
        }
        String normalized = sig.strip().toLowerCase(Locale.ROOT);
        if (!replays.firstUse(normalized, timestamp, now)) {
            throw new ContractViolation(ErrorCode.REPLAYED_SIGNATURE, "this X-Signature was already used");
        }
        floor.accepted(timestamp);
        return normalized;
    }
}
