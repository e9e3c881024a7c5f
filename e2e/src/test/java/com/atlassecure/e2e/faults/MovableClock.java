package com.atlassecure.e2e.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The bot's clock, moved forward by the test so that outbox backoff passes without sleeping. Thread-safe. */
final class MovableClock extends Clock {
    private final AtomicLong offsetMs = new AtomicLong();

    void advance(Duration d) {
        offsetMs.addAndGet(d.toMillis());
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
        return Instant.now().plusMillis(offsetMs.get());
    }
}
