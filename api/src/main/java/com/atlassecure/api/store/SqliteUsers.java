package com.atlassecure.api.store;

import com.atlassecure.contract.users.UserState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The users table in an embedded SQLite file: WAL journal and synchronous=FULL, so a returned commit survives a power
 * loss. Not thread-safe: used only by the thread committing through {@link UserStorage} (and by start-up code before
 * that).
 */
final class SqliteUsers implements AutoCloseable {
    static final String FILE_NAME = "users.db";
    private static final int SCHEMA_VERSION = 1;
    /**
     * The writer's own checkpoint, SQLite's default, kept on purpose: it is the only one that can restart the WAL
     * under a steady stream of commits, and it bounds the WAL if {@link WalCheckpointer} fails. Because that thread
     * has copied all but the last few milliseconds of frames by then, it costs a commit little.
     */
    static final int WRITER_CHECKPOINT_FRAMES = 1_000;

    private final Path file;
    private final Connection conn;
    private final PreparedStatement upsert;

    SqliteUsers(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
        try {
            createPrivateDir(dataDir);
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            // The driver otherwise matches every statement against a regex and may query last_insert_rowid()
            // after it, on each commit's path; nothing here reads generated keys.
            config.setGetGeneratedKeys(false);
            this.conn = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            restrictToOwner(file);
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                st.execute("PRAGMA wal_autocheckpoint=" + WRITER_CHECKPOINT_FRAMES);
                st.execute("CREATE TABLE IF NOT EXISTS users ("
                        + "uuid TEXT PRIMARY KEY COLLATE NOCASE, "
                        + "telegram_id INTEGER, "
                        + "email TEXT NOT NULL UNIQUE COLLATE NOCASE, "
                        + "expiry_ms INTEGER, "
                        + "state TEXT NOT NULL CHECK (state IN ('active','expired','removed')), "
                        + "created_ms INTEGER NOT NULL, "
                        + "updated_ms INTEGER NOT NULL)");
                st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            }
            conn.setAutoCommit(false);
            this.upsert = conn.prepareStatement("INSERT INTO users "
                    + "(uuid, telegram_id, email, expiry_ms, state, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?) "
                    + "ON CONFLICT(uuid) DO UPDATE SET telegram_id=excluded.telegram_id, email=excluded.email, "
                    + "expiry_ms=excluded.expiry_ms, state=excluded.state, updated_ms=excluded.updated_ms");
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the user store at " + file + ": " + e.getMessage(), e);
        }
    }

    /** A UUID is a credential: the store is readable by the API's user only. */
    private static void createPrivateDir(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            restrictToOwner(dir);
        }
    }

    private static void restrictToOwner(Path path) throws java.io.IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        boolean dir = Files.isDirectory(path);
        Files.setPosixFilePermissions(
                path, java.nio.file.attribute.PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
    }

    Path file() {
        return file;
    }

    List<UserRecord> loadAll() {
        List<UserRecord> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT uuid, telegram_id, email, expiry_ms, state, created_ms, " + "updated_ms FROM users")) {
            while (rs.next()) {
                long tg = rs.getLong(2);
                Long telegramId = rs.wasNull() ? null : tg;
                long exp = rs.getLong(4);
                Long expiry = rs.wasNull() ? null : exp;
                out.add(new UserRecord(
                        rs.getString(1),
                        telegramId,
                        rs.getString(3),
                        expiry,
                        UserState.valueOf(rs.getString(5)),
                        rs.getLong(6),
                        rs.getLong(7)));
            }
            conn.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the user store at " + file + ": " + e.getMessage(), e);
        }
    }

    /** Applies the writes in order and commits them as one transaction (one fsync); rolls back on failure. */
    void commit(List<RowWrite> writes) throws SQLException {
        try {
            for (RowWrite w : writes) {
                if (w instanceof RowWrite.Upsert u) {
                    bind(u.record());
                    upsert.executeUpdate();
                }
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private void bind(UserRecord r) throws SQLException {
        upsert.setString(1, r.uuid());
        if (r.telegramId() == null) {
            upsert.setNull(2, Types.INTEGER);
        } else {
            upsert.setLong(2, r.telegramId());
        }
        upsert.setString(3, r.email());
        if (r.expiryMs() == null) {
            upsert.setNull(4, Types.INTEGER);
        } else {
            upsert.setLong(4, r.expiryMs());
        }
        upsert.setString(5, r.state().name());
        upsert.setLong(6, r.createdMs());
        upsert.setLong(7, r.updatedMs());
    }

    @Override
    public void close() {
        try {
            upsert.close();
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the user store at " + file + ": " + e.getMessage(), e);
        }
    }
}
