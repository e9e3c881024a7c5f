package com.atlassecure.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand instead of sleeping, with a monotonic twin for code that guards against wall-clock
 * steps. Thread-safe.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private volatile long monotonicNanos;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public static MutableClock at(String iso) {
        return new MutableClock(Instant.parse(iso));
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

    /** The wall clock is set to {@code instant}, as by an operator; the monotonic clock does not move. */
    public synchronized void set(Instant instant) {
        now = instant;
    }

    /** A monotonic clock: moves with {@link #advance}, not with {@link #jump} or {@link #set}. */
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
