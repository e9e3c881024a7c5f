package com.atlassecure.bot.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Long polling with our own offset. Telegram forgets every update before the offset of the next {@code getUpdates},
 * so the offset moves past a money update (a payment, a pre-checkout, a refund) only after its handler has
 * committed; other updates are confirmed once queued, and still run concurrently. A money update whose handler
 * failed is fetched again after a pause, until it succeeds; updates already handed over are not handed over twice.
 * One thread polls.
 */
public final class UpdatePoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpdatePoller.class);
    private static final int LIMIT = 100;
    /**
     * A money update failing this many deliveries in a row (each with its own retry budget, so many minutes) is
     * confirmed anyway: one poisoned update must not stop every customer. The reconciliation with Telegram's ledger
     * still records its charge.
     */
    static final int MAX_FAILED_DELIVERIES = 30;

    private final TelegramGateway telegram;
    private final UpdateDispatcher dispatcher;
    private final Predicate<Update> carriesMoney;
    private final int pollSeconds;
    private final Duration retryPause;
    private final Runnable cancelPoll;
    private volatile boolean running;
    private volatile Thread thread;
    private long offset;
    /** Non-money updates handed to the dispatcher that Telegram may still send again: never handed over twice. */
    private long dispatchedUpTo;

    private final Map<Long, Integer> failures = new TreeMap<>();

    public UpdatePoller(
            TelegramGateway telegram,
            UpdateDispatcher dispatcher,
            Predicate<Update> carriesMoney,
            int pollSeconds,
            Duration retryPause,
            Runnable cancelPoll) {
        this.telegram = telegram;
        this.dispatcher = dispatcher;
        this.carriesMoney = carriesMoney;
        this.pollSeconds = pollSeconds;
        this.retryPause = retryPause;
        this.cancelPoll = cancelPoll;
    }

    public UpdatePoller start() {
        // A bot moved off webhook mode must drop the webhook before getUpdates works.
        telegram.deleteWebhook();
        running = true;
        thread = new Thread(this::loop, "long-polling");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        Duration pause = retryPause;
        while (running) {
            List<Update> batch;
            try {
                batch = telegram.getUpdates(offset, LIMIT, pollSeconds);
                pause = retryPause;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("event=get_updates_failed offset={} error=\"{}\"", offset, e.getMessage());
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30)
                        : pause.multipliedBy(2);
                continue;
            }
            if (!handle(batch)) {
                sleep(retryPause);
            }
        }
    }

    /** Hands the batch over and moves the offset; false when a money update failed and must be fetched again. */
    boolean handle(List<Update> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        List<Update> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparing(Update::getUpdateId));
        Map<Long, CompletableFuture<Boolean>> money = new TreeMap<>();
        long max = offset - 1;
        for (Update update : sorted) {
            long id = update.getUpdateId();
            max = Math.max(max, id);
            boolean isMoney = carriesMoney.test(update);
            if (!isMoney && id <= dispatchedUpTo) {
                continue;
            }
            CompletableFuture<Boolean> done = dispatcher.submit(update);
            if (isMoney) {
                money.put(id, done);
            } else {
                dispatchedUpTo = Math.max(dispatchedUpTo, id);
            }
        }
        long confirmUpTo = max + 1;
        boolean allCommitted = true;
        for (Map.Entry<Long, CompletableFuture<Boolean>> e : money.entrySet()) {
            long id = e.getKey();
            if (committed(e.getValue())) {
                failures.remove(id);
                continue;
            }
            int failed = failures.merge(id, 1, Integer::sum);
            if (failed >= MAX_FAILED_DELIVERIES) {
                log.error("event=payment_update_abandoned update_id={} deliveries={}", id, failed);
                failures.remove(id);
                continue;
            }
            log.warn("event=payment_update_not_confirmed update_id={} deliveries={}", id, failed);
            confirmUpTo = Math.min(confirmUpTo, id);
            allCommitted = false;
        }
        offset = confirmUpTo;
        return allCommitted;
    }

    private boolean committed(CompletableFuture<Boolean> done) {
        try {
            return Boolean.TRUE.equals(done.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The next offset: every update before it has been confirmed or will be by the next getUpdates. */
    public long offset() {
        return offset;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        cancelPoll.run();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
