package com.atlassecure.api.devices;

import com.atlassecure.api.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device limit's durable state, in its own SQLite file beside the user store: each key's limit and the blocks in
 * force, so that both survive a restart of the API (and the blocks are put back after a restart of Xray). Reads come
 * from memory; every write goes to disk first. Thread-safe.
 */
final class DeviceStore implements AutoCloseable {
    static final String FILE = "devices.db";

    private final Connection conn;
    private final Map<String, Integer> limits = new ConcurrentHashMap<>();
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();

    private DeviceStore(Connection conn) throws SQLException {
        this.conn = conn;
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("CREATE TABLE IF NOT EXISTS device_limits ("
                    + "uuid TEXT PRIMARY KEY COLLATE NOCASE, max_devices INTEGER NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS device_blocks ("
                    + "email TEXT NOT NULL COLLATE NOCASE, ip TEXT NOT NULL, blocked_ms INTEGER NOT NULL, "
                    + "until_ms INTEGER NOT NULL, PRIMARY KEY (email, ip))");
            try (ResultSet rs = st.executeQuery("SELECT uuid, max_devices FROM device_limits")) {
                while (rs.next()) {
                    limits.put(key(rs.getString(1)), rs.getInt(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT email, ip, blocked_ms, until_ms FROM device_blocks")) {
                while (rs.next()) {
                    Block b = new Block(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
                    blocks.put(b.ruleTag(), b);
                }
            }
        }
    }

    static DeviceStore open(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // The blocks name customers' addresses: readable by the API's user only, like the user store.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return new DeviceStore(conn);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the device store at " + file + ": " + e.getMessage(), e);
        }
    }

    Optional<Integer> limitOf(String uuid) {
        return Optional.ofNullable(limits.get(key(uuid)));
    }

    synchronized void setLimit(String uuid, int limit) {
        if (Integer.valueOf(limit).equals(limits.get(key(uuid)))) {
            return;
        }
        write(
                "INSERT INTO device_limits (uuid, max_devices) VALUES (?, ?) "
                        + "ON CONFLICT(uuid) DO UPDATE SET max_devices=excluded.max_devices",
                uuid,
                limit);
        limits.put(key(uuid), limit);
    }

    List<Block> blocks() {
        return new ArrayList<>(blocks.values());
    }

    List<Block> blocksOf(String email) {
        return blocks.values().stream()
                .filter(b -> b.email().equalsIgnoreCase(email))
                .toList();
    }

    boolean isBlocked(String email, String ip) {
        return blocks.containsKey(new Block(email, ip, 0, 0).ruleTag());
    }

    /** Records the blocks in one transaction: one pass may block a thousand addresses after a limit is lowered. */
    synchronized void addAll(List<Block> added) {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT OR REPLACE INTO device_blocks (email, ip, blocked_ms, until_ms) VALUES (?, ?, ?, ?)")) {
            conn.setAutoCommit(false);
            for (Block block : added) {
                ps.setString(1, block.email());
                ps.setString(2, block.ip());
                ps.setLong(3, block.blockedMs());
                ps.setLong(4, block.untilMs());
                ps.addBatch();
            }
            ps.executeBatch();
            conn.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("the device store refused " + added.size() + " blocks: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        for (Block block : added) {
            blocks.put(block.ruleTag(), block);
        }
    }

    private void rollback() {
        try {
            conn.rollback();
        } catch (SQLException e) {
            // the transaction is gone with the connection's error; nothing was recorded
        }
    }

    private void autoCommit() {
        try {
            conn.setAutoCommit(true);
        } catch (SQLException e) {
            throw new StoreException("the device store's connection broke: " + e.getMessage(), e);
        }
    }

    synchronized void remove(Block block) {
        write("DELETE FROM device_blocks WHERE email = ? AND ip = ?", block.email(), block.ip());
        blocks.remove(block.ruleTag());
    }

    private void write(String sql, Object... values) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("the device store refused a write: " + e.getMessage(), e);
        }
    }

    private static String key(String uuid) {
        return uuid.toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to save
        }
    }
}
