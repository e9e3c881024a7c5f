package com.atlassecure.api.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users table as one object: commits a batch of row writes durably (SQLite, then a nudge to the WAL
 * checkpointer), then shows it in the in-memory {@link UserView}. It takes data only, never a decision or a callback.
 * Not thread-safe: one caller commits at a time (the ledger's writer turn); the view may be read from any thread.
 */
public final class UserStorage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserStorage.class);
    /**
     * At most one background checkpoint per 10 ms while commits arrive. Longer pauses leave more for the writer's own
     * checkpoint to copy, and measured worse (decision 0011).
     */
    private static final Duration CHECKPOINT_PAUSE = Duration.ofMillis(10);

    /** Where a batch goes durably: SQLite and its checkpointer in production, a slow or failing disk in tests. */
    interface Durable extends AutoCloseable {
        void commit(List<RowWrite> writes) throws SQLException;

        /** Moves committed changes from a write-ahead log into the main file, where there is one. */
        default void checkpoint() {}

        @Override
        void close();
    }

    private final Durable durable;
    private final UserView view = new UserView();

    UserStorage(Durable durable, List<UserRecord> initial) {
        this.durable = durable;
        for (UserRecord r : initial) {
            view.put(r);
        }
    }

    /** Opens (creating if needed) {@code dataDir/users.db} and loads it into the view. */
    public static UserStorage open(Path dataDir) {
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
        return new UserStorage(sqliteDurable(sqlite, checkpointer), rows);
    }

    private static Durable sqliteDurable(SqliteUsers sqlite, WalCheckpointer checkpointer) {
        return new Durable() {
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
     * Commits the writes in order as one transaction (one fsync), then applies them to the view. Returns each written
     * row as committed and, before it, the row it replaced, for whoever must follow the changes. On failure nothing
     * is written and the view is unchanged.
     */
    public List<UserRecord> commit(List<RowWrite> writes) throws SQLException {
        durable.commit(writes);
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
        return changed;
    }

    /**
     * Copies every committed change from the WAL into the database file now, as the background checkpoint would
     * within milliseconds. Nothing else is written until the next change.
     */
    public void checkpoint() {
        durable.checkpoint();
    }

    @Override
    public void close() {
        durable.close();
    }
}
