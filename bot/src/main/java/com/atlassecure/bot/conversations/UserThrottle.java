package com.atlassecure.bot.conversations;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user token buckets (Bucket4j) on the bot's clock: one for every message or button press a user sends, and a
 * smaller one for invoices, each of which creates an order row. Payments are never throttled. Past {@link
 * #MAX_USERS} tracked users the buckets are dropped and start full again, which bounds the memory. Thread-safe.
 */
public final class UserThrottle {
    public static final int MESSAGES_PER_MINUTE = 30;
    public static final int INVOICES_PER_10_MINUTES = 5;
    private static final int MAX_USERS = 50_000;

    private final TimeMeter time;
    private final Map<Long, Bucket> messages = new ConcurrentHashMap<>();
    private final Map<Long, Bucket> invoices = new ConcurrentHashMap<>();

    public UserThrottle(Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** Whether the user may send one more message or press one more button now. */
    public boolean allowMessage(long userId) {
        return take(messages, userId, MESSAGES_PER_MINUTE, Duration.ofMinutes(1));
    }

    /** Whether the user may be sent one more invoice now. */
    public boolean allowInvoice(long userId) {
        return take(invoices, userId, INVOICES_PER_10_MINUTES, Duration.ofMinutes(10));
    }

    private boolean take(Map<Long, Bucket> buckets, long userId, int capacity, Duration period) {
        if (buckets.size() > MAX_USERS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(
                userId,
                id -> Bucket.builder()
                        .withCustomTimePrecision(time)
                        .addLimit(Bandwidth.builder()
                                .capacity(capacity)
                                .refillGreedy(capacity, period)
                                .build())
                        .build());
        return bucket.tryConsume(1);
    }
}
