package com.atlassecure.api.http;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.validation.ContractViolation;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two budgets per client address (finding H1): one for authenticated requests, and a separate, smaller one for
 * failed authentication. A flood of wrong keys only ever spends the second, so it never makes an authenticated
 * caller see 429, even from the same address. Thread-safe.
 */
final class RateLimits {
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    private final Map<String, Bucket> authenticated = new ConcurrentHashMap<>();
    private final Map<String, Bucket> failures = new ConcurrentHashMap<>();
    private final int authenticatedPerMinute;
    private final int failuresPerMinute;

    RateLimits(int authenticatedPerMinute, int failuresPerMinute) {
        this.authenticatedPerMinute = authenticatedPerMinute;
        this.failuresPerMinute = failuresPerMinute;
    }

    /** Spends one authenticated request of the address; 429 when its minute's budget is gone. */
    void authenticated(String address) {
        if (!bucket(authenticated, address, authenticatedPerMinute).tryConsume(1)) {
            throw new ContractViolation(
                    ErrorCode.RATE_LIMITED, "more than " + authenticatedPerMinute + " requests per minute");
        }
    }

    /**
     * Records one failed authentication of the address; 429 instead of the caller's 401 once it has failed more than
     * its budget this minute. The answer is refused either way; the 429 tells a misconfigured client to slow down.
     */
    void failed(String address) {
        if (!bucket(failures, address, failuresPerMinute).tryConsume(1)) {
            throw new ContractViolation(
                    ErrorCode.RATE_LIMITED,
                    "more than " + failuresPerMinute + " failed authentications per minute; wait before retrying");
        }
    }

    private static Bucket bucket(Map<String, Bucket> buckets, String address, int perMinute) {
        if (buckets.size() > MAX_TRACKED_ADDRESSES) {
            buckets.clear(); // bounded memory under an address-spraying flood; limits restart, which is safe
        }
        return buckets.computeIfAbsent(
                address,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(perMinute)
                                .refillGreedy(perMinute, Duration.ofMinutes(1))
                                .build())
                        .build());
    }
}
