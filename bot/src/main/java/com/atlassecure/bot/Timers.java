package com.atlassecure.bot;

import com.atlassecure.bot.apiclient.ApiCallException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's periodic jobs on one daemon thread. A failed run is logged and the next one tries again: a node or
 * Telegram that is down must never stop a timer.
 */
final class Timers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "timers");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} every {@code interval}, the first time one interval from now. */
    void every(Duration interval, String name, Runnable task) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (ApiCallException e) {
                        // A node that is down or refuses: expected, one line per run, no stack trace every time.
                        log.warn("event={}_failed error=\"{}\"", name, e.getMessage());
                    } catch (RuntimeException e) {
                        log.error("event={}_failed error=\"{}\"", name, e.getMessage(), e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
