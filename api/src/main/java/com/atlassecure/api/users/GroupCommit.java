package com.atlassecure.api.users;

import com.atlassecure.api.store.RowWrite;
import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserStorage;
import com.atlassecure.api.store.UserView;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch of the ledger: decides each change against committed state, defers a change whose keys an earlier
 * one of the batch holds, applies the live changes, commits every row of the changes that went live in one
 * transaction, and only then answers. A failed commit undoes the batch's live changes and fails all its callers.
 * Runs only for the holder of the ledger's turn.
 */
final class GroupCommit {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final UserStorage storage;
    private final LiveApply live;
    private final List<UserLedger.CommitListener> listeners;

    GroupCommit(UserStorage storage, LiveApply live, List<UserLedger.CommitListener> listeners) {
        this.storage = storage;
        this.live = live;
        this.listeners = listeners;
    }

    /** Runs one batch; returns the changes that touched a key already in this batch, for the next one. */
    List<Task.Pending<?>> run(List<Task.Pending<?>> batch) {
        List<Task.Pending<?>> deferred = new ArrayList<>();
        List<Task.Pending<?>> decided = new ArrayList<>(batch.size());
        List<Plan<?>> plans = new ArrayList<>(batch.size());
        Set<String> keys = new HashSet<>();
        UserView view = storage.view();
        // Counted as if every decided plan commits, so a capacity limit holds for the batch (a failed one only
        // makes the count too high until the next batch).
        long activating = 0;
        for (Task.Pending<?> p : batch) {
            Plan<?> plan;
            try {
                plan = p.command().decide(new BatchView(view, activating));
            } catch (RuntimeException e) {
                p.fail(e);
                continue;
            }
            if (plan.keys().stream().anyMatch(keys::contains)) {
                deferred.add(p);
                continue;
            }
            keys.addAll(plan.keys());
            decided.add(p);
            plans.add(plan);
            activating += activations(view, plan);
        }
        commit(live.applyAll(decided, plans));
        return deferred;
    }

    /** How many users the plan's writes make active that are not active now (committed state). */
    private static long activations(UserView view, Plan<?> plan) {
        long n = 0;
        for (RowWrite w : plan.writes()) {
            UserRecord r = ((RowWrite.Upsert) w).record();
            if (r.active() && view.byUuid(r.uuid()).map(old -> !old.active()).orElse(true)) {
                n++;
            }
        }
        return n;
    }

    private void commit(List<LiveApply.Applied<?>> applied) {
        if (applied.isEmpty()) {
            return;
        }
        List<RowWrite> writes = new ArrayList<>();
        for (LiveApply.Applied<?> a : applied) {
            writes.addAll(a.plan().writes());
        }
        if (!writes.isEmpty()) {
            List<UserRecord> changed;
            try {
                changed = storage.commit(writes);
            } catch (SQLException | RuntimeException e) {
                log.error(
                        "event=user_store_commit_failed batch={} writes={} error={}",
                        applied.size(),
                        writes.size(),
                        e.toString());
                live.undo(applied);
                StoreException failure =
                        new StoreException("commit of " + writes.size() + " user rows failed: " + e.getMessage(), e);
                for (LiveApply.Applied<?> a : applied) {
                    a.pending().fail(failure);
                }
                return;
            }
            tellListeners(changed);
        }
        for (LiveApply.Applied<?> a : applied) {
            answer(a);
        }
    }

    private static <R> void answer(LiveApply.Applied<R> a) {
        try {
            a.pending().future().complete(a.plan().result().apply(a.outcome()));
        } catch (RuntimeException e) {
            a.pending().fail(e);
        }
    }

    /** Writes rows with no live change (the first-start import); returns how many. */
    int importRows(List<RowWrite> writes) {
        List<UserRecord> changed;
        try {
            changed = storage.commit(writes);
        } catch (SQLException e) {
            throw new StoreException("import of " + writes.size() + " users failed: " + e.getMessage(), e);
        }
        tellListeners(changed);
        return writes.size();
    }

    private void tellListeners(List<UserRecord> changed) {
        for (UserLedger.CommitListener l : listeners) {
            try {
                l.committed(changed);
            } catch (RuntimeException e) {
                log.error(
                        "event=commit_listener_failed listener={} error={}",
                        l.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }
}
