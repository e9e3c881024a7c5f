package com.atlassecure.bot.nodes;

import com.atlassecure.bot.storage.Rows;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code nodes} table. A change of health is a compare-and-set on the row, so when several bot replicas poll the
 * same node exactly one of them sees the change and tells the admins.
 */
final class NodeRepository {
    static final String UP = "up";
    static final String DOWN = "down";
    static final String ENABLED = "enabled";
    static final String DRAINING = "draining";
    static final String RETIRED = "retired";

    /** What a poll changed: nothing, or the node went down, or it came back after being down. */
    enum Transition {
        NONE,
        WENT_DOWN,
        RECOVERED
    }

    private static final RowMapper<NodeRow> MAPPER = (rs, ctx) -> new NodeRow(
            rs.getString("name"),
            rs.getString("country"),
            rs.getString("url"),
            rs.getString("health"),
            rs.getInt("failures"),
            Rows.instant(rs, "changed_at"),
            nullableLong(rs, "users"),
            nullableLong(rs, "drift"),
            rs.getString("state"),
            Rows.instant(rs, "drained_at"));

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * Adds the node, or updates its country and URL from the settings; its health and a drain are kept, and a node
     * that had left the settings is enabled again. Returns whether the node is new to the fleet or came back.
     */
    boolean register(Handle h, String name, String country, String url, Instant now) {
        boolean fresh = h.createQuery("SELECT state FROM nodes WHERE name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne()
                .map(RETIRED::equals)
                .orElse(true);
        h.createUpdate("INSERT INTO nodes (name, country, url, changed_at) VALUES (:name, :country, :url, :now)"
                        + " ON CONFLICT (name) DO UPDATE SET country = :country, url = :url")
                .bind("name", name)
                .bind("country", country)
                .bind("url", url)
                .bind("now", now.toEpochMilli())
                .execute();
        h.createUpdate("UPDATE nodes SET state = 'enabled' WHERE name = :name AND state = 'retired'")
                .bind("name", name)
                .execute();
        return fresh;
    }

    /** Marks every node not in {@code configured} as retired; returns the names that were not retired before. */
    List<String> retireAllBut(Handle h, java.util.Collection<String> configured) {
        List<String> leaving = h.createQuery(
                        "SELECT name FROM nodes WHERE state <> 'retired' AND name NOT IN" + " (<names>) ORDER BY name")
                .bindList("names", List.copyOf(configured))
                .mapTo(String.class)
                .list();
        if (!leaving.isEmpty()) {
            h.createUpdate("UPDATE nodes SET state = 'retired' WHERE name IN (<names>)")
                    .bindList("names", leaving)
                    .execute();
        }
        return leaving;
    }

    List<String> namesIn(Handle h, String state) {
        return h.createQuery("SELECT name FROM nodes WHERE state = :state ORDER BY name")
                .bind("state", state)
                .mapTo(String.class)
                .list();
    }

    /** Enabled nodes whose health is not down, by name. */
    List<String> acceptingNames(Handle h) {
        return h.createQuery("SELECT name FROM nodes WHERE state = 'enabled' AND health <> 'down' ORDER BY name")
                .mapTo(String.class)
                .list();
    }

    java.util.Optional<NodeRow> find(Handle h, String name) {
        return h.createQuery("SELECT * FROM nodes WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    /** Moves the node to {@code state}; a drain records when it began. */
    void setState(Handle h, String name, String state, Instant now) {
        h.createUpdate("UPDATE nodes SET state = :state, drained_at = :drained WHERE name = :name")
                .bind("name", name)
                .bind("state", state)
                .bind("drained", DRAINING.equals(state) ? now.toEpochMilli() : null)
                .execute();
    }

    /** Records one poll; the node is down after {@code threshold} failures in a row, up again on the first success. */
    Transition recordPoll(Handle h, String name, boolean ok, int threshold, Instant now) {
        long at = now.toEpochMilli();
        if (ok) {
            h.createUpdate("UPDATE nodes SET failures = 0, checked_at = :now WHERE name = :name")
                    .bind("name", name)
                    .bind("now", at)
                    .execute();
            int recovered = h.createUpdate("UPDATE nodes SET health = 'up', changed_at = :now WHERE name = :name"
                            + " AND health = 'down'")
                    .bind("name", name)
                    .bind("now", at)
                    .execute();
            h.createUpdate("UPDATE nodes SET health = 'up', changed_at = :now WHERE name = :name AND health <> 'up'")
                    .bind("name", name)
                    .bind("now", at)
                    .execute();
            return recovered == 1 ? Transition.RECOVERED : Transition.NONE;
        }
        h.createUpdate("UPDATE nodes SET failures = failures + 1, checked_at = :now WHERE name = :name")
                .bind("name", name)
                .bind("now", at)
                .execute();
        int down = h.createUpdate("UPDATE nodes SET health = 'down', changed_at = :now WHERE name = :name"
                        + " AND health <> 'down' AND failures >= :threshold")
                .bind("name", name)
                .bind("now", at)
                .bind("threshold", threshold)
                .execute();
        return down == 1 ? Transition.WENT_DOWN : Transition.NONE;
    }

    void recordDrift(Handle h, String name, long users, long drift) {
        h.createUpdate("UPDATE nodes SET users = :users, drift = :drift WHERE name = :name")
                .bind("name", name)
                .bind("users", users)
                .bind("drift", drift)
                .execute();
    }

    /** The nodes in the settings (not retired), by name. */
    List<NodeRow> list(Handle h) {
        return h.createQuery("SELECT * FROM nodes WHERE state <> 'retired' ORDER BY name")
                .map(MAPPER)
                .list();
    }
}
