package com.atlassecure.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fixed list of operations with N concurrent callers (platform threads, each taking the next item), timing
 * every call. Stops by itself when the list is exhausted.
 */
final class LoadRunner {

    /** One operation on one item; returns the HTTP status. */
    interface Op<T> {
        int call(T item) throws Exception;
    }

    private LoadRunner() {}

    static <T> Stats run(String name, int callers, List<T> items, Op<T> op) {
        return run(name, callers, items, op, 0);
    }

    /**
     * With {@code ratePerSecond > 0} the load is open: operation i is due at start + i / rate, whichever caller is
     * free takes it, and its latency counts from when it was due (so a stall is charged to every request it delays,
     * not hidden by callers that stopped sending). With 0, every caller sends its next request as soon as the last
     * one answered (closed loop: throughput = callers / latency).
     */
    static <T> Stats run(String name, int callers, List<T> items, Op<T> op, double ratePerSecond) {
        long[] latencies = new long[items.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        Thread[] threads = new Thread[callers];
        long start = System.nanoTime();
        for (int t = 0; t < callers; t++) {
            threads[t] = new Thread(
                    () -> {
                        int i;
                        while ((i = next.getAndIncrement()) < items.size()) {
                            long t0 = System.nanoTime();
                            if (ratePerSecond > 0) {
                                long due = start + (long) (i * 1e9 / ratePerSecond);
                                while ((t0 = System.nanoTime()) < due) {
                                    java.util.concurrent.locks.LockSupport.parkNanos(due - t0);
                                }
                                t0 = due;
                            }
                            int status;
                            String error = null;
                            try {
                                status = op.call(items.get(i));
                            } catch (Exception e) {
                                status = -1;
                                error = e.toString();
                            }
                            latencies[i] = System.nanoTime() - t0;
                            if (status < 200 || status > 299) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, error != null ? error : "HTTP " + status);
                            }
                        }
                    },
                    "bench-" + name + "-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + name, e);
            }
        }
        long wall = System.nanoTime() - start;
        if (firstError.get() != null) {
            Log.line("phase=%s callers=%d errors=%d first_error=%s", name, callers, errors.get(), firstError.get());
        }
        return Stats.of(name, callers, latencies, errors.get(), wall);
    }
}
