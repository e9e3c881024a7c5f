package com.atlassecure.api.store;

import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's source of truth for users, with group commit.
 *
 * <p>Design note: batches run one at a time, under {@link #turn}. When the store is idle, the caller's own thread
 * takes the turn and runs its command as a batch of one, which saves two thread hand-offs per request. Otherwise one
 * writer thread drains every command queued while the store was busy into one batch. For each command it decides
 * against committed state and applies the live change to Xray over gRPC (the batch's changes concurrently: their
 * keys are disjoint). It then writes the rows of every command whose live change succeeded in ONE transaction (one
 * fsync). Only after that commit does the caller get its answer, so an answer means "live and durable". A command
 * whose live change fails writes nothing (503 for the caller). If the commit itself fails, every live change of the
 * batch is undone and every caller of the batch fails. A crash between the live change and the commit leaves a live
 * user the store does not know; the start-up reconcile removes it, so the outcome is still "neither". Thread-safe.
 */
public final class UserStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserStore.class);
    private static final int MAX_BATCH = 512;
    /**
     * At most one background checkpoint per 10 ms while commits arrive. Longer pauses leave more for the writer's own
     * checkpoint to copy, and measured worse (decision 0011).
     */
    private static final Duration CHECKPOINT_PAUSE = Duration.ofMillis(10);

    /** Writes one batch durably; the SQLite implementation in production, a failing one in tests. */
    interface Committer extends AutoCloseable {
        void commit(List<RowWrite> writes) throws SQLException;

        /** Moves committed changes from a write-ahead log into the main file, where the store has one. */
        default void checkpoint() {}

        @Override
        void close();
    }

    /** Told about every committed batch of row changes, by the thread that committed it; must be quick. */
    public interface CommitListener {
        /** {@code changed} holds each written row as committed and, before it, the row it replaced. */
        void committed(List<UserRecord> changed);
    }

    private final Committer committer;
    private final XrayControl xray;
    private final String inboundTag;
    private final UserView view = new UserView();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    /** Held while a batch or an exclusive task runs: whoever holds it owns the SQLite connection and the view. */
    private final ReentrantLock turn = new ReentrantLock();
    // Issues the independent live changes of one batch concurrently; bounded so a huge batch cannot flood Xray.
    private final ExecutorService liveExecutor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "user-store-live");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private UserStore(Committer committer, List<UserRecord> initial, XrayControl xray, String inboundTag) {
        this.committer = committer;
        this.xray = xray;
        this.inboundTag = inboundTag;
        for (UserRecord r : initial) {
            view.put(r);
        }
        this.writer = new Thread(this::runWriter, "user-store-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens (creating if needed) {@code dataDir/users.db} and loads it into memory. */
    public static UserStore open(Path dataDir, XrayControl xray, String inboundTag) {
        SqliteUsers sqlite = new SqliteUsers(dataDir);
        List<UserRecord> rows = sqlite.loadAll();
        log.info("event=user_store_opened file={} rows={}", sqlite.file(), rows.size());
        WalCheckpointer checkpointer;
        try {
            checkpointer = WalCheckpointer.start(sqlite.file(), CHECKPOINT_PAUSE);
        } catch (RuntimeException e) {
            sqlite.close();
            throw e;
        }
        return new UserStore(sqliteCommitter(sqlite, checkpointer), rows, xray, inboundTag);
    }

    static UserStore withCommitter(Committer committer, XrayControl xray, String inboundTag) {
        return new UserStore(committer, List.of(), xray, inboundTag);
    }

    private static Committer sqliteCommitter(SqliteUsers sqlite, WalCheckpointer checkpointer) {
        return new Committer() {
            @Override
            public void commit(List<RowWrite> writes) throws SQLException {
                sqlite.commit(writes);
                checkpointer.committed();
            }

            @Override
            public void checkpoint() {
                checkpointer.checkpointNow();
            }

            @Override
            public void close() {
                // The checkpoint connection goes first: closing the writer's, the last one, then checkpoints what
                // is left and deletes the WAL.
                checkpointer.close();
                sqlite.close();
            }
        };
    }

    public UserView view() {
        return view;
    }

    /**
     * Copies every committed change from the WAL into the database file now, as the background checkpoint would
     * within milliseconds. Nothing else is written until the next change.
     */
    public void checkpoint() {
        committer.checkpoint();
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Queues the command for the next batch; the future completes after its batch committed (or failed). */
    public <R> CompletableFuture<R> submit(Command<R> command) {
        Pending<R> p = new Pending<>(command, new CompletableFuture<>());
        enqueue(p);
        return p.future;
    }

    /**
     * For one request's change: when the store is idle, runs it right away on the caller's thread as a batch of one,
     * saving the two thread hand-offs of {@link #submit}; otherwise queues it like {@link #submit}, to share the next
     * batch. Callers with many changes at once (the expiry sweep) use {@code submit}, so those share commits.
     */
    public <R> CompletableFuture<R> execute(Command<R> command) {
        if (closed) {
            throw new StoreException("the user store is closed", null);
        }
        // Only when nothing is queued: a change must not overtake an exclusive task queued before it.
        if (queue.isEmpty() && turn.tryLock()) {
            Pending<R> p = new Pending<>(command, new CompletableFuture<>());
            try {
                if (closed) {
                    throw new StoreException("the user store is closed", null);
                }
                runBatch(new ArrayList<>(List.of(p))); // a batch of one defers nothing
            } catch (RuntimeException | Error e) {
                p.future.completeExceptionally(e);
            } finally {
                turn.unlock();
            }
            return p.future;
        }
        return submit(command);
    }

    /**
     * Runs {@code task} on the writer thread, holding the turn between batches, so no user change interleaves with it
     * (reconcile uses this to act on a consistent view). The task may call Xray but must not write rows.
     */
    public <R> CompletableFuture<R> exclusive(Function<UserView, R> task) {
        Exclusive<R> e = new Exclusive<>(task, new CompletableFuture<>());
        enqueue(e);
        return e.future;
    }

    /**
     * Writes rows without any live change (first-start import of clients already in the config Xray runs with).
     * Goes through the writer so it is ordered with everything else.
     */
    public CompletableFuture<Integer> importRows(List<UserRecord> rows) {
        List<RowWrite> writes = new ArrayList<>(rows.size());
        for (UserRecord r : rows) {
            writes.add(new RowWrite.Upsert(r));
        }
        return exclusive(v -> {
            try {
                committer.commit(writes);
            } catch (SQLException e) {
                throw new StoreException("import of " + rows.size() + " users failed: " + e.getMessage(), e);
            }
            applyToView(writes);
            return rows.size();
        });
    }

    private void enqueue(Object item) {
        if (closed) {
            throw new StoreException("the user store is closed", null);
        }
        queue.add(item);
    }

    private record Pending<R>(Command<R> command, CompletableFuture<R> future) {}

    private record Exclusive<R>(Function<UserView, R> task, CompletableFuture<R> future) {}

    private record Applied<R>(Pending<R> pending, Plan<R> plan, LiveOutcome outcome) {}

    private static final Object STOP = new Object();

    private void runWriter() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                List<Object> items = new ArrayList<>();
                // Block only when nothing is carried over; otherwise run the carried commands right away.
                Object first = batch.isEmpty() ? queue.take() : queue.poll();
                if (first != null) {
                    items.add(first);
                }
                queue.drainTo(items, MAX_BATCH);
                for (Object item : items) {
                    if (item == STOP) {
                        List<Pending<?>> left = runBatch(batch);
                        for (Pending<?> p : left) {
                            p.future.completeExceptionally(new StoreException("the user store is closed", null));
                        }
                        return;
                    } else if (item instanceof Pending<?> p) {
                        batch.add(p);
                    } else {
                        // An exclusive task sees every change queued before it.
                        batch = runBatch(batch);
                        runExclusive((Exclusive<?>) item);
                    }
                }
                batch = runBatch(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // The writer must outlive any bug in one batch, or every later caller would hang.
                log.error("event=user_store_writer_error error={}", e.toString(), e);
                for (Pending<?> p : batch) {
                    p.future.completeExceptionally(e);
                }
                batch = new ArrayList<>();
            }
        }
    }

    private <R> void runExclusive(Exclusive<R> e) {
        turn.lock();
        try {
            e.future.complete(e.task.apply(view));
        } catch (RuntimeException ex) {
            e.future.completeExceptionally(ex);
        } finally {
            turn.unlock();
        }
    }

    /** Runs one batch; returns the commands that touched a key already in this batch, for the next one. */
    private List<Pending<?>> runBatch(List<Pending<?>> batch) {
        if (batch.isEmpty()) {
            return new ArrayList<>();
        }
        turn.lock();
        try {
            return decideAndCommit(batch);
        } finally {
            turn.unlock();
        }
    }

    private List<Pending<?>> decideAndCommit(List<Pending<?>> batch) {
        List<Pending<?>> deferred = new ArrayList<>();
        List<Pending<?>> decided = new ArrayList<>(batch.size());
        List<Plan<?>> plans = new ArrayList<>(batch.size());
        Set<String> keys = new HashSet<>();
        // Counted as if every decided plan commits, so a capacity limit holds for the batch (a failed one only
        // makes the count too high until the next batch).
        long activating = 0;
        try {
            for (Pending<?> p : batch) {
                Plan<?> plan;
                try {
                    view.activatingInBatch(activating);
                    plan = p.command.decide(view);
                } catch (RuntimeException e) {
                    p.future.completeExceptionally(e);
                    continue;
                }
                if (plan.keys().stream().anyMatch(keys::contains)) {
                    deferred.add(p);
                    continue;
                }
                keys.addAll(plan.keys());
                decided.add(p);
                plans.add(plan);
                activating += view.activations(plan);
            }
        } finally {
            view.activatingInBatch(0);
        }
        commitApplied(applyAllLive(decided, plans));
        return deferred;
    }

    /**
     * Applies the live changes of a batch. Their keys are disjoint, so they are independent and a larger batch
     * issues them concurrently: a batch then costs about one gRPC round trip instead of one per change. A single
     * change runs inline, so a lone caller pays no thread hand-off.
     */
    private List<Applied<?>> applyAllLive(List<Pending<?>> decided, List<Plan<?>> plans) {
        List<Applied<?>> applied = new ArrayList<>(decided.size());
        if (decided.size() == 1) {
            tryApply(decided.get(0), plans.get(0), applied);
            return applied;
        }
        // Once Xray proves unreachable, changes not yet started fail at once instead of waiting a deadline each.
        AtomicReference<XrayUnavailableException> down = new AtomicReference<>();
        List<Future<Applied<?>>> inFlight = new ArrayList<>(decided.size());
        for (int i = 0; i < decided.size(); i++) {
            Pending<?> p = decided.get(i);
            Plan<?> plan = plans.get(i);
            inFlight.add(liveExecutor.submit(() -> {
                XrayUnavailableException seen = down.get();
                if (seen != null && !(plan.live() instanceof LiveOp.None)) {
                    throw new XrayUnavailableException(seen.getMessage(), seen);
                }
                try {
                    return applyLive(p, plan);
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
                decided.get(i).future.completeExceptionally(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                decided.get(i).future.completeExceptionally(new StoreException("interrupted", e));
            }
        }
        return applied;
    }

    private void tryApply(Pending<?> p, Plan<?> plan, List<Applied<?>> applied) {
        try {
            applied.add(applyLive(p, plan));
        } catch (XrayException e) {
            p.future.completeExceptionally(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <R> Applied<R> applyLive(Pending<?> p, Plan<?> plan) {
        LiveOutcome outcome = applyLive(plan.live());
        return new Applied<>((Pending<R>) p, (Plan<R>) plan, outcome);
    }

    private LiveOutcome applyLive(LiveOp op) {
        if (op instanceof LiveOp.Add add) {
            return LiveUsers.ensure(xray, inboundTag, add.user(), add.expectLive());
        } else if (op instanceof LiveOp.Remove rm) {
            return LiveUsers.remove(xray, inboundTag, rm.email());
        }
        return LiveOutcome.NONE;
    }

    private void commitApplied(List<Applied<?>> applied) {
        if (applied.isEmpty()) {
            return;
        }
        List<RowWrite> writes = new ArrayList<>();
        for (Applied<?> a : applied) {
            writes.addAll(a.plan.writes());
        }
        if (!writes.isEmpty()) {
            try {
                committer.commit(writes);
            } catch (SQLException | RuntimeException e) {
                log.error(
                        "event=user_store_commit_failed batch={} writes={} error={}",
                        applied.size(),
                        writes.size(),
                        e.toString());
                undoLive(applied);
                StoreException failure =
                        new StoreException("commit of " + writes.size() + " user rows failed: " + e.getMessage(), e);
                for (Applied<?> a : applied) {
                    a.pending.future.completeExceptionally(failure);
                }
                return;
            }
            applyToView(writes);
        }
        for (Applied<?> a : applied) {
            complete(a);
        }
    }

    private static <R> void complete(Applied<R> a) {
        try {
            a.pending.future.complete(a.plan.result().apply(a.outcome));
        } catch (RuntimeException e) {
            a.pending.future.completeExceptionally(e);
        }
    }

    private void applyToView(List<RowWrite> writes) {
        List<UserRecord> changed = new ArrayList<>(writes.size() * 2);
        for (RowWrite w : writes) {
            UserRecord replaced = view.apply(w);
            if (replaced != null) {
                changed.add(replaced);
            }
            if (w instanceof RowWrite.Upsert u) {
                changed.add(u.record());
            }
        }
        for (CommitListener l : listeners) {
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

    /** Best effort: puts Xray back as it was before this batch; what cannot be undone is left to reconcile. */
    private void undoLive(List<Applied<?>> applied) {
        for (int i = applied.size() - 1; i >= 0; i--) {
            Applied<?> a = applied.get(i);
            try {
                if (a.plan.live() instanceof LiveOp.Add add && a.outcome.repairedLive()) {
                    xray.removeUser(inboundTag, add.user().email());
                } else if (a.plan.live() instanceof LiveOp.Remove rm
                        && a.outcome == LiveOutcome.REMOVED
                        && rm.previous() != null) {
                    xray.addUser(inboundTag, rm.previous());
                }
            } catch (XrayException e) {
                log.error(
                        "event=live_undo_failed op={} error={}",
                        a.plan.live().getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Pending<?> p) {
                p.future.completeExceptionally(new StoreException("the user store is closed", null));
            } else if (o instanceof Exclusive<?> e) {
                e.future.completeExceptionally(new StoreException("the user store is closed", null));
            }
        }
        liveExecutor.shutdownNow();
        turn.lock(); // a caller running its command inline may be committing right now
        try {
            committer.close();
        } finally {
            turn.unlock();
        }
    }
}
