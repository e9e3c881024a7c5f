package com.atlassecure.api.http;

import com.atlassecure.api.config.SigningMode;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.validation.ContractViolation;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs before every route except {@code /health} and {@code /metrics}, cheapest refusal first: the per-IP rate limit,
 * the body size, the API key (constant time), then the request signature and its freshness and single use.
 */
final class RequestGuard {
    private static final int MAX_TRACKED_IPS = 100_000;

    private final String apiKey;
    private final SigningMode signing;
    private final byte[] signingSecret;
    private final int maxBodyBytes;
    private final int ratePerMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ReplayCache replays = new ReplayCache(RequestSigning.MAX_SKEW_SECONDS);

    RequestGuard(
            String apiKey,
            SigningMode signing,
            byte[] signingSecret,
            int maxBodyBytes,
            int ratePerMinute,
            Clock clock) {
        this.apiKey = apiKey;
        this.signing = signing;
        this.signingSecret = signingSecret;
        this.maxBodyBytes = maxBodyBytes;
        this.ratePerMinute = ratePerMinute;
        this.clock = clock;
    }

    void check(Context ctx) {
        rateLimit(ctx.ip());
        byte[] body = RequestBody.of(ctx, maxBodyBytes);
        if (!ApiKeys.constantTimeEquals(apiKey, ctx.header(RequestSigning.API_KEY_HEADER))) {
            throw new ContractViolation(ErrorCode.UNAUTHORIZED, "missing or wrong X-API-Key");
        }
        checkSignature(ctx, body);
    }

    private void rateLimit(String ip) {
        if (buckets.size() > MAX_TRACKED_IPS) {
            buckets.clear(); // bounded memory under an address-spraying flood; limits restart, which is safe
        }
        Bucket bucket = buckets.computeIfAbsent(
                ip,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(ratePerMinute)
                                .refillGreedy(ratePerMinute, Duration.ofMinutes(1))
                                .build())
                        .build());
        if (!bucket.tryConsume(1)) {
            throw new ContractViolation(
                    ErrorCode.RATE_LIMITED, "more than " + ratePerMinute + " requests per minute from " + ip);
        }
    }

    private void checkSignature(Context ctx, byte[] body) {
        if (signing == SigningMode.OFF) {
            return;
        }
        String ts = ctx.header(RequestSigning.TIMESTAMP_HEADER);
        String sig = ctx.header(RequestSigning.SIGNATURE_HEADER);
        if (ts == null && sig == null && signing == SigningMode.OPTIONAL) {
            return;
        }
        if (ts == null || sig == null) {
            throw new ContractViolation(
                    ErrorCode.BAD_SIGNATURE, "both X-Timestamp and X-Signature are required when signing is on");
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
        if (!RequestSigning.matches(signingSecret, timestamp, ctx.method().name(), ctx.path(), body, sig)) {
            throw new ContractViolation(ErrorCode.BAD_SIGNATURE, "X-Signature does not match the request");
        }
        if (!replays.firstUse(sig.strip().toLowerCase(Locale.ROOT), timestamp, now)) {
            throw new ContractViolation(ErrorCode.REPLAYED_SIGNATURE, "this X-Signature was already used");
        }
    }
}
