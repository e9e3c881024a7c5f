package com.atlassecure.api.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move forward instead of sleeping. Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private volatile long monotonicNanos;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public static MutableClock atSystemNow() {
        return new MutableClock(Instant.now());
    }

    /** Time passes: the wall clock and the monotonic clock move together. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
        monotonicNanos += d.toNanos();
    }

    /** The wall clock is stepped (a bad NTP source, a wrong RTC); the monotonic clock does not move. */
    public synchronized void jump(Duration d) {
        now = now.plus(d);
    }

    /** A monotonic clock for the sweep's clock-jump guard: moves with {@link #advance}, not with {@link #jump}. */
    public long monotonicNanos() {
        return monotonicNanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
