package com.atlassecure.api.sessions;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.xray.XrayControl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs session closing inside the API process: one worker thread so a slow {@code ss} never holds a request, a
 * periodic pass over users still online after they stopped being active, and the status shown by /health.
 */
public final class SessionClosing implements AutoCloseable {
    /** The periodic pass runs this often (issue: every 30–60 s). */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

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

    private SessionClosing(SessionCloser closer) {
        this.closer = closer;
    }

    /**
     * Self-tests and starts. The inbound port is the verified {@code XRAY_PORT}: start-up refuses to run when it
     * differs from the inbound's, so both are the same number by the time sessions are closed. Xray is read through
     * the API's own {@link XrayControl}, which stays the caller's to close.
     */
    public static SessionClosing start(
            ApiSettings settings,
            AllowList allowList,
            boolean onlineStatsEnabled,
            XrayControl xray,
            MeterRegistry registry) {
        SessionCloser closer = SessionCloser.start(
                SessionCloseSettings.of(settings.expectedPort(), allowList, onlineStatsEnabled), xray, registry);
        return new SessionClosing(closer);
    }

    /** Closes a removed user's sessions on the worker thread, so remove-user answers without waiting for ss. */
    public RemovalListener listener() {
        return email -> worker.execute(() -> closer.close(email));
    }

    /** "supported" or "unsupported", for /health. */
    public Supplier<String> status() {
        return () -> closer.support().name().toLowerCase(Locale.ROOT);
    }

    /** Starts the periodic pass that cuts anyone still online whom the store no longer lists as active. */
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
