package com.atlassecure.bot.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells the worker's lanes that jobs were committed: each lane waits on its own semaphore, and {@link #wakeAll}
 * releases them all. The outbox runs it after the enqueuing transaction commits (jdbi's {@code afterCommit}), so a
 * lane never looks before the job is visible and a rollback wakes no one.
 */
final class OutboxSignal {

    private final List<Semaphore> lanes = new CopyOnWriteArrayList<>();

    Semaphore lane() {
        Semaphore lane = new Semaphore(0);
        lanes.add(lane);
        return lane;
    }

    void wakeAll() {
        lanes.forEach(Semaphore::release);
    }

    /**
     * Waits until a commit released {@code lane}, or {@code timeout}; returns whether one did. A burst of commits wakes
     * the lane once, since one drain takes every due job.
     */
    static boolean await(Semaphore lane, Duration timeout) throws InterruptedException {
        boolean signalled = lane.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        lane.drainPermits();
        return signalled;
    }
}
