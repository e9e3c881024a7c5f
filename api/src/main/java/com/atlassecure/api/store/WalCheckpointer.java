package com.atlassecure.api.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames into users.db on its own thread and connection, so that no request's commit pays for
 * a checkpoint (decision 0011). The writer's own automatic checkpoint stays on, at a much higher threshold, as the
 * backstop that bounds the WAL if this thread ever falls behind or fails.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    /** What one checkpoint saw: frames in the WAL, and how many of them are now in the database file. */
    record Result(int walFrames, int copiedFrames) {}

    private final Path file;
    private final Connection conn;
    private final AtomicLong commits = new AtomicLong();
    private final ScheduledExecutorService timer;
    private long commitsAtLastCheckpoint;
    private boolean failing;

    private WalCheckpointer(Path file, Connection conn, ScheduledExecutorService timer) {
        this.file = file;
        this.conn = conn;
        this.timer = timer;
    }

    /**
     * Opens a second connection to {@code file} and checkpoints every {@code interval} while commits arrive. A
     * {@code null} interval starts no thread: tests then call {@link #checkpointNow}.
     */
    static WalCheckpointer start(Path file, Duration interval) {
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = conn.createStatement()) {
                // The checkpoint fsyncs the WAL before it copies and the database file after: a crash part way
                // through is recovered from the WAL, which is not reset until every frame is safely copied.
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the checkpoint connection to " + file + ": " + e.getMessage(), e);
        }
        ScheduledExecutorService timer = null;
        if (interval != null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "user-store-checkpoint");
                t.setDaemon(true);
                return t;
            });
        }
        WalCheckpointer checkpointer = new WalCheckpointer(file, conn, timer);
        if (timer != null) {
            long ms = interval.toMillis();
            timer.scheduleWithFixedDelay(checkpointer::tick, ms, ms, TimeUnit.MILLISECONDS);
        }
        return checkpointer;
    }

    /** Called after each commit: the next tick has frames to copy. */
    void committed() {
        commits.incrementAndGet();
    }

    private synchronized void tick() {
        if (commits.get() == commitsAtLastCheckpoint) {
            return;
        }
        try {
            checkpointNow();
            if (failing) {
                failing = false;
                log.info("event=wal_checkpoint_recovered file={}", file);
            }
        } catch (StoreException e) {
            // Nothing is lost: the frames stay in the WAL and the writer's backstop checkpoint bounds it.
            if (!failing) {
                failing = true;
                log.warn("event=wal_checkpoint_failed file={} error={}", file, e.getMessage());
            }
        }
    }

    /**
     * A PASSIVE checkpoint: copies every frame it can without waiting for the writer, which keeps committing
     * meanwhile. Once every frame is copied, the writer's next transaction starts the WAL over from its beginning.
     */
    synchronized Result checkpointNow() {
        long seen = commits.get();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            Result result = new Result(rs.getInt(2), rs.getInt(3));
            commitsAtLastCheckpoint = seen;
            return result;
        } catch (SQLException e) {
            throw new StoreException("checkpoint of " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                conn.close();
            } catch (SQLException e) {
                log.warn("event=wal_checkpoint_close_failed file={} error={}", file, e.getMessage());
            }
        }
    }
}
