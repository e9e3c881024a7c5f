package com.atlassecure.bot.provisioning;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code min(cap, base * 2^(n-1))}.
 * The jitter keeps replicas and many failed jobs from retrying in lockstep when the API comes back; the floor keeps
 * the wait from collapsing to zero. Thread-safe when the random generator is.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isZero() || base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base=" + base + " cap=" + cap);
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The ceiling for attempt {@code n} (1-based), before jitter. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        int shift = Math.min(attempt - 1, 40);
        long millis = base.toMillis();
        long ceiling = shift >= 62 || millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(ceiling, cap.toMillis()));
    }

    /** How long to wait after the {@code n}th failed attempt. */
    public Duration delay(int attempt) {
        long ceiling = ceiling(attempt).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
    }
}
