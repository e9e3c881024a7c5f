package com.atlassecure.bot.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's threads, a lane of {@link #THREADS_PER_NODE} per node: each drains its node's due jobs, then sleeps
 * until a commit enqueues or the poll interval passes. A node whose API hangs for its whole timeout holds up only its
 * own lane. Several threads per node let a backlog (a node that answers again after an outage, a backfill) go out
 * several requests at a time; the claim still gives one customer's jobs on one node to one thread at a time.
 */
final class WorkerLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerLanes.class);
    static final int THREADS_PER_NODE = 4;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    WorkerLanes(OutboxSignal signal, Collection<String> nodes, ToIntFunction<String> drain, Duration poll) {
        for (String node : nodes) {
            for (int i = 1; i <= THREADS_PER_NODE; i++) {
                Semaphore enqueued = signal.lane();
                Thread lane = new Thread(() -> loop(node, enqueued, drain, poll), "provisioning-" + node + "-" + i);
                lane.setDaemon(true);
                threads.add(lane);
            }
        }
        threads.forEach(Thread::start);
    }

    private void loop(String node, Semaphore enqueued, ToIntFunction<String> drain, Duration poll) {
        while (running) {
            try {
                drain.applyAsInt(node);
                OutboxSignal.await(enqueued, poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("event=outbox_loop_error node={} error={}", node, e.toString(), e);
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
