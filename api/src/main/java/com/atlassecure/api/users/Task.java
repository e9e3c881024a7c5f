package com.atlassecure.api.users;

import com.atlassecure.api.store.UserView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One item of the ledger's queue: a change for the next batch, a group of changes for one batch, a job run alone
 * between batches, or the stop.
 */
sealed interface Task {

    /** Fails the caller waiting on this task; the stop has no caller. */
    void fail(Throwable cause);

    /** A user change waiting for a batch; its future completes after the batch committed (or failed). */
    record Pending<R>(Command<R> command, CompletableFuture<R> future) implements Task {
        @Override
        public void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    /** Changes that must share one batch (a fleet batch of up to 1,000 items), however full the queue is. */
    record Group(List<Pending<?>> changes) implements Task {
        @Override
        public void fail(Throwable cause) {
            changes.forEach(p -> p.fail(cause));
        }
    }

    /** A job that runs holding the turn, so no user change interleaves with it; it may call Xray, never write rows. */
    record Exclusive<R>(Function<UserView, R> job, CompletableFuture<R> future) implements Task {
        @Override
        public void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    /** Tells the writer to run what it holds and end; queued by {@link UserLedger#close}. */
    record Stop() implements Task {
        @Override
        public void fail(Throwable cause) {}
    }
}
