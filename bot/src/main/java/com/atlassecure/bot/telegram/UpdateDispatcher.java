package com.atlassecure.bot.telegram;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Runs updates concurrently across users and strictly in order per user: each user's updates are chained one after
 * another on a shared pool. A failing update is logged with its update id, reported through the future {@link
 * #submit} returns, and never stops the others. Thread-safe.
 */
public final class UpdateDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);

    private final Consumer<Update> handler;
    private final ToLongFunction<Update> keyOf;
    private final ExecutorService pool;
    private final Map<Long, CompletableFuture<Boolean>> tails = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.function.LongConsumer handlerNanos;

    public UpdateDispatcher(Consumer<Update> handler, ToLongFunction<Update> keyOf, int threads) {
        this(handler, keyOf, threads, nanos -> {});
    }

    /** {@code handlerNanos} receives how long each update's handler ran (for metrics and the benchmark). */
    public UpdateDispatcher(
            Consumer<Update> handler,
            ToLongFunction<Update> keyOf,
            int threads,
            java.util.function.LongConsumer handlerNanos) {
        this.handlerNanos = handlerNanos;
        this.handler = handler;
        this.keyOf = keyOf;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "updates-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues the update behind the user's earlier ones. The future completes with whether the handler finished
     * without an exception: the caller confirms a payment update to Telegram only when it is true.
     */
    public CompletableFuture<Boolean> submit(Update update) {
        long key = keyOf.applyAsLong(update);
        inFlight.incrementAndGet();
        AtomicReference<CompletableFuture<Boolean>> created = new AtomicReference<>();
        tails.compute(key, (k, tail) -> {
            CompletableFuture<Boolean> previous = tail == null ? CompletableFuture.completedFuture(true) : tail;
            CompletableFuture<Boolean> next = previous.thenApplyAsync(ignored -> run(update), pool);
            created.set(next);
            return next;
        });
        // Registered outside compute(): a task that already finished would run this callback inline, and a map
        // update from inside compute() is a recursive update that ConcurrentHashMap refuses.
        CompletableFuture<Boolean> next = created.get();
        next.whenComplete((v, e) -> {
            inFlight.decrementAndGet();
            tails.remove(key, next);
        });
        return next;
    }

    /** Updates whose handler has finished, successfully or not. */
    public long handled() {
        return handled.get();
    }

    /** Updates accepted and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    private boolean run(Update update) {
        long started = System.nanoTime();
        try {
            handler.accept(update);
            return true;
        } catch (RuntimeException | Error e) {
            log.error("event=update_failed update_id={} error=\"{}\"", update.getUpdateId(), e, e);
            return false;
        } finally {
            long nanos = System.nanoTime() - started;
            handled.incrementAndGet();
            handlerNanos.accept(nanos);
            log.debug("event=update_handled update_id={} ms={}", update.getUpdateId(), nanos / 1_000_000);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
