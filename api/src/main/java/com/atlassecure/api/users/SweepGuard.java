package com.atlassecure.api.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an expiry sweep may act on the wall clock now: refuses while the wall clock has advanced more than
 * {@link #MAX_STEP} beyond the monotonic clock since the last sweep it allowed, and refuses a sweep that would expire
 * more users than the share an operator allowed. Thread-safe.
 */
public final class SweepGuard {
    /** A step larger than this between two sweeps is a clock jump, not NTP slewing (at most 0.5 ms/s). */
    public static final Duration MAX_STEP = Duration.ofSeconds(5);
    /** A sweep may always expire this many users, whatever the share: small shops and normal 30 s batches. */
    public static final int ALWAYS_ALLOWED = 20;
    /** Default of EXPIRY_SWEEP_MAX_PERCENT. */
    public static final int DEFAULT_MAX_PERCENT = 10;

    private static final Logger log = LoggerFactory.getLogger(SweepGuard.class);

    private final Clock wall;
    private final LongSupplier monotonicNanos;
    private final int maxPercent;
    private long lastWallMs;
    private long lastMonotonicNanos;
    private boolean refusing;

    /**
     * @param monotonicNanos a clock that never jumps ({@code System::nanoTime}); tests pass their own
     * @param maxPercent the largest share of active users one sweep may expire (1..100)
     */
    public SweepGuard(Clock wall, LongSupplier monotonicNanos, int maxPercent) {
        if (maxPercent < 1 || maxPercent > 100) {
            throw new IllegalArgumentException("EXPIRY_SWEEP_MAX_PERCENT must be 1..100, got " + maxPercent);
        }
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
        this.maxPercent = maxPercent;
        this.lastWallMs = wall.millis();
        this.lastMonotonicNanos = monotonicNanos.getAsLong();
    }

    /** The wall-clock time a sweep may use, or empty when the wall clock jumped forward since the last sweep. */
    synchronized Optional<Long> trustedNow() {
        long wallMs = wall.millis();
        long monoNanos = monotonicNanos.getAsLong();
        long wallAdvancedMs = wallMs - lastWallMs;
        long monoAdvancedMs = Duration.ofNanos(monoNanos - lastMonotonicNanos).toMillis();
        if (wallAdvancedMs - monoAdvancedMs > MAX_STEP.toMillis()) {
            // Keep the old baseline: once the clock is put back, the difference is small again and sweeps resume.
            if (!refusing) {
                log.error(
                        "event=clock_jump action=expiry_sweep_refused wall_advanced_ms={} monotonic_advanced_ms={}"
                                + " hint=\"check timedatectl; restart the API to accept the new time\"",
                        wallAdvancedMs,
                        monoAdvancedMs);
            }
            refusing = true;
            return Optional.empty();
        }
        if (refusing) {
            log.warn(
                    "event=clock_jump_over wall_advanced_ms={} monotonic_advanced_ms={}",
                    wallAdvancedMs,
                    monoAdvancedMs);
            refusing = false;
        }
        lastWallMs = wallMs;
        lastMonotonicNanos = monoNanos;
        return Optional.of(wallMs);
    }

    /** True when expiring {@code due} of {@code active} users at once needs an operator's confirmation. */
    boolean overCap(int due, int active) {
        long allowed = Math.max(ALWAYS_ALLOWED, (long) active * maxPercent / 100);
        if (due > allowed) {
            log.error(
                    "event=expiry_sweep_capped due={} active={} allowed={} max_percent={}"
                            + " hint=\"check the clock; if these expiries are real, raise EXPIRY_SWEEP_MAX_PERCENT"
                            + " and restart\"",
                    due,
                    active,
                    allowed,
                    maxPercent);
            return true;
        }
        return false;
    }
}
