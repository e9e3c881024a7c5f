package com.atlassecure.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The bot's clock in the journey: real time plus an offset the test moves. Time keeps flowing (the bot's worker,
 * leases and reminders behave as in production), while a jump of the offset stands in for days passing. Thread-safe.
 */
final class ShiftableClock extends Clock {
    private volatile Duration offset;

    ShiftableClock(Duration offset) {
        this.offset = offset;
    }

    /** Moves the clock; the journey only ever moves it forward, as time does. */
    void shiftTo(Duration newOffset) {
        if (newOffset.compareTo(offset) < 0) {
            throw new IllegalArgumentException("the bot's clock only moves forward: " + offset + " -> " + newOffset);
        }
        offset = newOffset;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
