package com.atlassecure.api.users;

import com.atlassecure.api.store.RowWrite;
import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserStorage;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.xray.XrayControl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit of work for users: every change goes through here, so that an answer means "live in Xray and durable".
 *
 * <p>Design note: batches run one at a time, under {@link #turn}. When the ledger is idle, the caller's own thread
 * takes the turn and runs its change as a batch of one, which saves two thread hand-offs per request. Otherwise one
 * writer thread drains every change queued while the ledger was busy into one batch ({@link GroupCommit}): each
 * change is decided against committed state, the batch's live changes are applied to Xray ({@link LiveApply}), and
 * the rows of every change that went live are written in ONE transaction (one fsync) through {@link UserStorage}. A
 * change whose live part fails writes nothing (503 for the caller). If the commit itself fails, every live change of
 * the batch is undone and every caller of the batch fails. A crash between the live change and the commit leaves a
 * live user the store does not know; the start-up reconcile removes it, so the outcome is still "neither".
 * Thread-safe.
 */
public final class UserLedger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserLedger.class);
    private static final int MAX_BATCH = 512;

    /** Told about every committed batch of row changes, by the thread that committed it; must be quick. */
    public interface CommitListener {
        /** {@code changed} holds each written row as committed and, before it, the row it replaced. */
        void committed(List<UserRecord> changed);
    }

    private final UserStorage storage;
    private final LiveApply live;
    private final GroupCommit batches;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    /** Held while a batch or an exclusive job runs: whoever holds it owns the storage's connection and the view. */
    private final ReentrantLock turn = new ReentrantLock();
    /**
     * Changes and jobs handed to the writer and not finished: queued, taken but not started, or deferred to its next
     * batch. Only at zero may a change run inline, or it could overtake one of them (an exclusive job, or an earlier
     * change to the same user). The queue alone is not enough: it is empty while the writer holds what it took.
     */
    private final AtomicInteger outstanding = new AtomicInteger();

    private volatile boolean closed;

    private UserLedger(UserStorage storage, XrayControl xray, String inboundTag) {
        this.storage = storage;
        this.live = new LiveApply(xray, inboundTag);
        this.batches = new GroupCommit(storage, live, listeners);
        this.writer = new Thread(this::runWriter, "user-store-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens (creating if needed) the users table in {@code dataDir}; its changes go live on {@code inboundTag}. */
    public static UserLedger open(Path dataDir, XrayControl xray, String inboundTag) {
        return new UserLedger(UserStorage.open(dataDir), xray, inboundTag);
    }

    /** Over a storage the caller made (tests: a slow or failing disk). */
    static UserLedger over(UserStorage storage, XrayControl xray, String inboundTag) {
        return new UserLedger(storage, xray, inboundTag);
    }

    /** The committed users, for reads on any thread. */
    public UserView view() {
        return storage.view();
    }

    /**
     * Copies every committed change from the WAL into the database file now, as the background checkpoint would
     * within milliseconds. Nothing else is written until the next change.
     */
    public void checkpoint() {
        storage.checkpoint();
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Queues the change for the next batch; the future completes after its batch committed (or failed). */
    <R> CompletableFuture<R> submit(Command<R> command) {
        Task.Pending<R> p = new Task.Pending<>(command, new CompletableFuture<>());
        enqueue(p);
        return p.future();
    }

    /**
     * Queues the changes to be decided and committed in one batch, in order (a change to a uuid already in the batch
     * is decided in the next one, as always); each future completes after its batch committed (or failed).
     */
    List<CompletableFuture<Object>> submitAll(List<Command<?>> commands) {
        List<Task.Pending<?>> changes = new ArrayList<>(commands.size());
        List<CompletableFuture<Object>> futures = new ArrayList<>(commands.size());
        for (Command<?> command : commands) {
            @SuppressWarnings("unchecked")
            Command<Object> c = (Command<Object>) command;
            Task.Pending<Object> p = new Task.Pending<>(c, new CompletableFuture<>());
            changes.add(p);
            futures.add(p.future());
        }
        if (!changes.isEmpty()) {
            enqueue(new Task.Group(List.copyOf(changes)));
        }
        return futures;
    }

    /**
     * For one request's change: when the ledger is idle, runs it right away on the caller's thread as a batch of one,
     * saving the two thread hand-offs of {@link #submit}; otherwise queues it like {@link #submit}, to share the next
     * batch. Callers with many changes at once (the expiry sweep) use {@code submit}, so those share commits.
     */
    <R> CompletableFuture<R> execute(Command<R> command) {
        if (closed) {
            throw closedException();
        }
        // Only when the writer holds nothing: a change must not overtake a job or change handed to it before.
        if (outstanding.get() == 0 && turn.tryLock()) {
            Task.Pending<R> p = new Task.Pending<>(command, new CompletableFuture<>());
            boolean ran = false;
            try {
                if (closed) {
                    throw closedException();
                }
                // Checked again under the turn: something may have been handed over since the first look.
                if (outstanding.get() == 0) {
                    runBatch(new ArrayList<>(List.of(p))); // a batch of one defers nothing
                    ran = true;
                }
            } catch (RuntimeException | Error e) {
                p.fail(e);
                ran = true;
            } finally {
                turn.unlock();
            }
            if (ran) {
                return p.future();
            }
        }
        return submit(command);
    }

    /**
     * Runs {@code job} on the writer thread, holding the turn between batches, so no user change interleaves with it
     * (reconcile uses this to act on a consistent view). The job may call Xray but must not write rows.
     */
    <R> CompletableFuture<R> exclusive(Function<UserView, R> job) {
        Task.Exclusive<R> e = new Task.Exclusive<>(job, new CompletableFuture<>());
        enqueue(e);
        return e.future();
    }

    /**
     * Writes rows without any live change (first-start import of clients already in the config Xray runs with).
     * Goes through the writer so it is ordered with everything else.
     */
    CompletableFuture<Integer> importRows(List<UserRecord> rows) {
        List<RowWrite> writes = new ArrayList<>(rows.size());
        for (UserRecord r : rows) {
            writes.add(new RowWrite.Upsert(r));
        }
        return exclusive(view -> batches.importRows(writes));
    }

    private void enqueue(Task task) {
        if (closed) {
            throw closedException();
        }
        outstanding.addAndGet(task instanceof Task.Group g ? g.changes().size() : 1);
        queue.add(task);
    }

    private static StoreException closedException() {
        return new StoreException("the user store is closed", null);
    }

    private void runWriter() {
        List<Task.Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                List<Task> tasks = new ArrayList<>();
                // Block only when nothing is carried over; otherwise run the carried changes right away.
                Task first = batch.isEmpty() ? queue.take() : queue.poll();
                if (first != null) {
                    tasks.add(first);
                }
                queue.drainTo(tasks, MAX_BATCH);
                for (int i = 0; i < tasks.size(); i++) {
                    Task task = tasks.get(i);
                    if (task instanceof Task.Pending<?> p) {
                        batch.add(p);
                    } else if (task instanceof Task.Group g) {
                        batch.addAll(g.changes());
                    } else if (task instanceof Task.Exclusive<?> e) {
                        // An exclusive job sees every change queued before it.
                        batch = runCounted(batch);
                        runExclusive(e);
                        outstanding.decrementAndGet();
                    } else if (task instanceof Task.Stop) {
                        batch = runCounted(batch);
                        batch.forEach(p -> p.fail(closedException()));
                        // Whatever raced past the closed check lands after the stop; its caller must not hang.
                        tasks.subList(i + 1, tasks.size()).forEach(t -> t.fail(closedException()));
                        return;
                    }
                }
                batch = runCounted(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // The writer must outlive any bug in one batch, or every later caller would hang.
                log.error("event=user_store_writer_error error={}", e.toString(), e);
                for (Task.Pending<?> p : batch) {
                    p.fail(e);
                }
                outstanding.addAndGet(-batch.size());
                batch = new ArrayList<>();
            }
        }
    }

    private <R> void runExclusive(Task.Exclusive<R> e) {
        turn.lock();
        try {
            e.future().complete(e.job().apply(storage.view()));
        } catch (RuntimeException ex) {
            e.fail(ex);
        } finally {
            turn.unlock();
        }
    }

    /** {@link #runBatch} for changes the writer was handed: those that finished are no longer outstanding. */
    private List<Task.Pending<?>> runCounted(List<Task.Pending<?>> batch) {
        int handed = batch.size();
        List<Task.Pending<?>> deferred = runBatch(batch);
        outstanding.addAndGet(deferred.size() - handed);
        return deferred;
    }

    /** Runs one batch; returns the changes that touched a key already in this batch, for the next one. */
    private List<Task.Pending<?>> runBatch(List<Task.Pending<?>> batch) {
        if (batch.isEmpty()) {
            return new ArrayList<>();
        }
        turn.lock();
        try {
            return batches.run(batch);
        } finally {
            turn.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Task.Stop());
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Task left;
        while ((left = queue.poll()) != null) {
            left.fail(closedException());
        }
        live.close();
        turn.lock(); // a caller running its change inline may be committing right now
        try {
            storage.close();
        } finally {
            turn.unlock();
        }
    }
}
