package com.atlassecure.api.sessions;

import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.xray.XrayControl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session closing with ss inside the API process: one worker thread so a slow {@code ss} never holds a request, a
 * periodic pass over users still online after they stopped being active, and the closer's verdict for /health.
 */
final class ClosingWorker implements SessionClosing {
    /** The periodic pass runs this often, so a close that failed is tried again within half a minute. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SessionClosing.class);

    private final SessionCloser closer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "session-closer");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-sweep");
        t.setDaemon(true);
        return t;
    });

    private ClosingWorker(SessionCloser closer) {
        this.closer = closer;
    }

    /** Self-tests ss and starts the worker; Xray is read through the API's own port, which stays the caller's. */
    static ClosingWorker start(SessionCloseSettings settings, XrayControl xray, MeterRegistry registry) {
        return new ClosingWorker(SessionCloser.start(settings, xray, registry));
    }

    /** Closes a removed user's sessions on the worker thread, so remove-user answers without waiting for ss. */
    @Override
    public RemovalListener listener() {
        return email -> {
            try {
                worker.execute(() -> closer.close(email));
            } catch (RejectedExecutionException e) {
                // Shutting down: the next start's sweep cuts a removed user who is still online.
            }
        };
    }

    @Override
    public void closeAddresses(String email, java.util.Set<String> ips) {
        try {
            worker.execute(() -> closer.closeAddresses(email, java.util.Set.copyOf(ips)));
        } catch (RejectedExecutionException e) {
            // Shutting down: the block rule keeps the address out; its open sessions end with the process.
        }
    }

    /** "supported" or "unsupported". */
    @Override
    public String status() {
        return closer.support().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void startSweep(Predicate<String> isActive) {
        long ms = SWEEP_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        closer.closeInactive(isActive);
                    } catch (RuntimeException e) {
                        log.error("event=session_sweep_failed error={}", e.toString());
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
