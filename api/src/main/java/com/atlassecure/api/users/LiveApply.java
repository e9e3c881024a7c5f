package com.atlassecure.api.users;

import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's live side: applies the live changes of a batch to Xray (concurrently, their keys being disjoint) and
 * undoes them when the batch cannot be committed. Runs only for the holder of the ledger's turn.
 */
final class LiveApply implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveApply.class);

    /** A decided change whose live part succeeded: it waits for the batch's commit. */
    record Applied<R>(Task.Pending<R> pending, Plan<R> plan, LiveOutcome outcome) {}

    private final XrayControl xray;
    private final String inboundTag;
    // Issues the independent live changes of one batch concurrently; bounded so a huge batch cannot flood Xray.
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "user-store-live");
        t.setDaemon(true);
        return t;
    });

    LiveApply(XrayControl xray, String inboundTag) {
        this.xray = xray;
        this.inboundTag = inboundTag;
    }

    /**
     * Applies the live changes of a batch; a change that fails completes its caller with the failure and is left out
     * of the result. A larger batch issues them concurrently, so it costs about one gRPC round trip instead of one per
     * change. A single change runs inline, so a lone caller pays no thread hand-off.
     */
    List<Applied<?>> applyAll(List<Task.Pending<?>> decided, List<Plan<?>> plans) {
        List<Applied<?>> applied = new ArrayList<>(decided.size());
        if (decided.size() == 1) {
            try {
                applied.add(apply(decided.get(0), plans.get(0)));
            } catch (XrayException e) {
                decided.get(0).fail(e);
            }
            return applied;
        }
        // Once Xray proves unreachable, changes not yet started fail at once instead of waiting a deadline each.
        AtomicReference<XrayUnavailableException> down = new AtomicReference<>();
        List<Future<Applied<?>>> inFlight = new ArrayList<>(decided.size());
        for (int i = 0; i < decided.size(); i++) {
            Task.Pending<?> p = decided.get(i);
            Plan<?> plan = plans.get(i);
            inFlight.add(executor.submit(() -> {
                XrayUnavailableException seen = down.get();
                if (seen != null && !(plan.live() instanceof LiveOp.None)) {
                    throw new XrayUnavailableException(seen.getMessage(), seen);
                }
                try {
                    return apply(p, plan);
                } catch (XrayUnavailableException e) {
                    down.compareAndSet(null, e);
                    throw e;
                }
            }));
        }
        for (int i = 0; i < inFlight.size(); i++) {
            try {
                applied.add(inFlight.get(i).get());
            } catch (ExecutionException e) {
                decided.get(i).fail(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                decided.get(i).fail(new StoreException("interrupted", e));
            }
        }
        return applied;
    }

    @SuppressWarnings("unchecked")
    private <R> Applied<R> apply(Task.Pending<?> p, Plan<?> plan) {
        LiveOutcome outcome = apply(plan.live());
        return new Applied<>((Task.Pending<R>) p, (Plan<R>) plan, outcome);
    }

    private LiveOutcome apply(LiveOp op) {
        if (op instanceof LiveOp.Add add) {
            return LiveUsers.ensure(xray, inboundTag, add.user(), add.expectLive());
        } else if (op instanceof LiveOp.Remove rm) {
            return LiveUsers.remove(xray, inboundTag, rm.email());
        }
        return LiveOutcome.NONE;
    }

    /** Best effort: puts Xray back as it was before this batch; what cannot be undone is left to reconcile. */
    void undo(List<Applied<?>> applied) {
        for (int i = applied.size() - 1; i >= 0; i--) {
            Applied<?> a = applied.get(i);
            try {
                if (a.plan().live() instanceof LiveOp.Add add && a.outcome().repairedLive()) {
                    xray.removeUser(inboundTag, add.user().email());
                } else if (a.plan().live() instanceof LiveOp.Remove rm
                        && a.outcome() == LiveOutcome.REMOVED
                        && rm.previous() != null) {
                    xray.addUser(inboundTag, rm.previous());
                }
            } catch (XrayException e) {
                log.error(
                        "event=live_undo_failed op={} error={}",
                        a.plan().live().getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
