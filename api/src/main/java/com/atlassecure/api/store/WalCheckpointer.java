package com.atlassecure.api.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames into users.db on its own thread and connection, soon after each commit, so that the
 * writer's own checkpoint (every 1,000 frames) finds almost everything copied already and only restarts the WAL
 * (decision 0011).
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    /** What one checkpoint saw: frames in the WAL, and how many of them are now in the database file. */
    record Result(int walFrames, int copiedFrames) {}

    private final Path file;
    private final Connection conn;
    private final Duration pause;
    private final Semaphore commits = new Semaphore(0);
    private final AtomicLong wakeups = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private boolean failing;

    private WalCheckpointer(Path file, Connection conn, Duration pause) {
        this.file = file;
        this.conn = conn;
        this.pause = pause;
        if (pause == null) {
            this.thread = null;
        } else {
            this.thread = new Thread(this::run, "user-store-checkpoint");
            this.thread.setDaemon(true);
        }
    }

    /**
     * Opens a second connection to {@code file} and, after each commit, checkpoints at most once per {@code pause};
     * with no commits the thread sleeps. A {@code null} pause starts no thread: tests then call
     * {@link #checkpointNow}.
     */
    static WalCheckpointer start(Path file, Duration pause) {
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = conn.createStatement()) {
                // The checkpoint fsyncs the WAL before it copies and the database file after: a crash part way
                // through is recovered from the WAL, which is not restarted until every frame is safely copied.
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the checkpoint connection to " + file + ": " + e.getMessage(), e);
        }
        WalCheckpointer checkpointer = new WalCheckpointer(file, conn, pause);
        if (checkpointer.thread != null) {
            checkpointer.thread.start();
        }
        return checkpointer;
    }

    /** Called after each commit: wakes the thread, or leaves it a note if it is busy or pausing. */
    void committed() {
        if (thread != null) {
            commits.release();
        }
    }

    /** How often the thread woke up to checkpoint; it never wakes without a commit to copy. */
    long wakeups() {
        return wakeups.get();
    }

    private void run() {
        while (!closed) {
            try {
                commits.acquire();
                commits.drainPermits();
                if (closed) {
                    return;
                }
                wakeups.incrementAndGet();
                checkpointQuietly();
                // Bounds the rate under a stream of commits; commits meanwhile leave permits for the next pass.
                TimeUnit.MILLISECONDS.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpointNow();
            if (failing) {
                failing = false;
                log.info("event=wal_checkpoint_recovered file={}", file);
            }
        } catch (StoreException e) {
            // Nothing is lost: the frames stay in the WAL, and the writer's own checkpoint still bounds it.
            if (!failing) {
                failing = true;
                log.warn("event=wal_checkpoint_failed file={} error={}", file, e.getMessage());
            }
        }
    }

    /**
     * A PASSIVE checkpoint: copies every frame it can without waiting for the writer, which keeps committing
     * meanwhile.
     */
    synchronized Result checkpointNow() {
        if (closed) {
            throw new StoreException("the checkpoint connection to " + file + " is closed", null);
        }
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return new Result(rs.getInt(2), rs.getInt(3));
        } catch (SQLException e) {
            throw new StoreException("checkpoint of " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
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
