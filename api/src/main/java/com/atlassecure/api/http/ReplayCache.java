package com.atlassecure.api.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signatures seen within the acceptance window. A signature is accepted once; it is forgotten only after its
 * timestamp can no longer pass the freshness check, so a replay is always caught. Thread-safe.
 */
final class ReplayCache {
    private final Map<String, Long> seenUntil = new ConcurrentHashMap<>();
    private final long windowSeconds;
    private final AtomicInteger insertsSincePurge = new AtomicInteger();

    ReplayCache(long windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    /** True the first time this signature is offered; false for a replay. */
    boolean firstUse(String signature, long timestampSeconds, long nowSeconds) {
        // The timestamp stays acceptable until timestamp + window; remember it at least that long.
        long until = Math.max(timestampSeconds, nowSeconds) + windowSeconds;
        boolean first = seenUntil.putIfAbsent(signature, until) == null;
        if (first && insertsSincePurge.incrementAndGet() >= 1024) {
            insertsSincePurge.set(0);
            seenUntil.values().removeIf(u -> u < nowSeconds);
        }
        return first;
    }

    int size() {
        return seenUntil.size();
    }
}
