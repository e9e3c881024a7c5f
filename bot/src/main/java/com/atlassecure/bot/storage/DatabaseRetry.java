package com.atlassecure.bot.storage;

import java.time.Duration;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database action again when the database refused it (no connection, a lock held too long, a restart), with
 * backoff from 250 ms doubling to 5 s, until it succeeds or {@code budget} is spent; then the last failure is thrown.
 * Used where a failure must not be swallowed, above all when recording money. Other exceptions are not retried.
 */
public final class DatabaseRetry {
    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    private static final Duration FIRST = Duration.ofMillis(250);
    private static final Duration CAP = Duration.ofSeconds(5);

    private DatabaseRetry() {}

    public static <T> T retry(String what, Duration budget, Supplier<T> action) {
        long deadline = System.nanoTime() + budget.toNanos();
        Duration pause = FIRST;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = action.get();
                if (attempt > 1) {
                    log.info("event=database_retry_succeeded what={} attempts={}", what, attempt);
                }
                return result;
            } catch (JdbiException e) {
                long left = deadline - System.nanoTime();
                log.warn(
                        "event=database_refused what={} attempt={} retry={} error=\"{}\"",
                        what,
                        attempt,
                        left > 0,
                        e.getClass().getSimpleName() + ": " + e.getMessage());
                if (left <= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(CAP) > 0 ? CAP : pause.multipliedBy(2);
            }
        }
    }
}
