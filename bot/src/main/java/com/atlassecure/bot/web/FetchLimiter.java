package com.atlassecure.bot.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-client-address token buckets for subscription fetches, found or not, so that guessing tokens costs a client
 * its whole allowance. Buckets are forgotten wholesale past {@link #MAX_TRACKED} addresses: a flood of addresses can
 * only reset everyone's allowance, never grow memory.
 */
final class FetchLimiter {
    static final int MAX_TRACKED = 100_000;

    private final int perMinute;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    FetchLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    boolean tryAcquire(String client) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(client, c -> newBucket()).tryConsume(1);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
    }
}
