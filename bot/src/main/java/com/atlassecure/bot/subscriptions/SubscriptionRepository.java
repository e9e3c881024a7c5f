package com.atlassecure.bot.subscriptions;

import com.atlassecure.bot.storage.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code subscriptions} table; all methods run on the caller's handle. */
public final class SubscriptionRepository {
    private static final RowMapper<Subscription> MAPPER = (rs, ctx) -> new Subscription(
            rs.getLong("user_id"),
            rs.getString("requested_uuid"),
            rs.getString("uuid"),
            Rows.instant(rs, "expires_at"),
            List.of());
    private static final RowMapper<NodeKey> KEY = (rs, ctx) -> new NodeKey(
            rs.getString("node"),
            rs.getString("uuid"),
            rs.getString("vless_link"),
            Rows.instant(rs, "provisioned_expires_at"));
    private static final RowMapper<Access> ACCESS = (rs, ctx) -> new Access(
            rs.getLong("user_id"),
            rs.getString("uuid") != null ? rs.getString("uuid") : rs.getString("requested_uuid"),
            Rows.instant(rs, "expires_at"));

    /** What a node should hold for one customer: their fleet UUID and expiry (drift checks need nothing more). */
    public record Access(long userId, String uuid, Instant expiresAt) {}

    private final Supplier<UUID> uuids;

    /** {@code uuids} makes the random v4 UUIDs; tests pass a fixed sequence. */
    public SubscriptionRepository(Supplier<UUID> uuids) {
        this.uuids = uuids;
    }

    public SubscriptionRepository() {
        this(UUID::randomUUID);
    }

    public Optional<Subscription> find(Handle h, long userId) {
        return h.createQuery("SELECT * FROM subscriptions WHERE user_id = :id")
                .bind("id", userId)
                .map(MAPPER)
                .findOne()
                .map(s -> withKeys(s, keys(h, userId)));
    }

    /** The subscription without its keys (one indexed read), for callers that need only the UUID and expiry. */
    public Optional<Subscription> access(Handle h, long userId) {
        return h.createQuery("SELECT * FROM subscriptions WHERE user_id = :id")
                .bind("id", userId)
                .map(MAPPER)
                .findOne();
    }

    private static Subscription withKeys(Subscription s, List<NodeKey> keys) {
        return new Subscription(s.userId(), s.requestedUuid(), s.uuid(), s.expiresAt(), keys);
    }

    private static List<NodeKey> keys(Handle h, long userId) {
        return h.createQuery("SELECT * FROM node_keys WHERE user_id = :id ORDER BY node")
                .bind("id", userId)
                .map(KEY)
                .list();
    }

    /**
     * Adds {@code days} to the access, counting from {@code max(now, current expiry)} so an early renewal loses
     * nothing; creates the subscription (and picks its UUID, once) when there is none.
     */
    public Subscription extend(Handle h, long userId, int days, Instant now) {
        Optional<Subscription> current = find(h, userId);
        Instant base = current.map(Subscription::expiresAt)
                .filter(expiry -> expiry.isAfter(now))
                .orElse(now);
        Instant expires = base.plus(Duration.ofDays(days));
        if (current.isEmpty()) {
            h.createUpdate("INSERT INTO subscriptions (user_id, requested_uuid, expires_at, updated_at) VALUES"
                            + " (:id, :uuid, :expires, :now)")
                    .bind("id", userId)
                    .bind("uuid", uuids.get().toString())
                    .bind("expires", expires.toEpochMilli())
                    .bind("now", now.toEpochMilli())
                    .execute();
        } else {
            setExpiry(h, userId, expires, now);
        }
        return find(h, userId).orElseThrow();
    }

    /** How many devices the key may use at once; empty when no plan named a number (the nodes' default). */
    public Optional<Integer> deviceLimit(Handle h, long userId) {
        return h.createQuery("SELECT device_limit FROM subscriptions WHERE user_id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> Optional.ofNullable(Rows.integer(rs, "device_limit")))
                .findOne()
                .flatMap(limit -> limit);
    }

    public void setDeviceLimit(Handle h, long userId, int devices) {
        h.createUpdate("UPDATE subscriptions SET device_limit = :devices WHERE user_id = :id")
                .bind("devices", devices)
                .bind("id", userId)
                .execute();
    }

    public void setExpiry(Handle h, long userId, Instant expires, Instant now) {
        h.createUpdate("UPDATE subscriptions SET expires_at = :expires, updated_at = :now WHERE user_id = :id")
                .bind("id", userId)
                .bind("expires", expires.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Stores what {@code node}'s API returned, exactly, for a node that sent no client configs (tests, old nodes). */
    public void recordProvisioned(
            Handle h, long userId, String node, String uuid, String vlessLink, Instant provisionedExpiry, Instant now) {
        recordProvisioned(h, userId, node, uuid, vlessLink, null, provisionedExpiry, now);
    }

    /** Stores what {@code node}'s API returned, exactly: its link and its {@code client_configs} JSON (or null). */
    public void recordProvisioned(
            Handle h,
            long userId,
            String node,
            String uuid,
            String vlessLink,
            String clientConfigs,
            Instant provisionedExpiry,
            Instant now) {
        h.createUpdate("UPDATE subscriptions SET uuid = :uuid, updated_at = :now WHERE user_id = :id")
                .bind("id", userId)
                .bind("uuid", uuid)
                .bind("now", now.toEpochMilli())
                .execute();
        h.createUpdate("INSERT INTO node_keys (user_id, node, uuid, vless_link, client_configs,"
                        + " provisioned_expires_at, updated_at) VALUES (:id, :node, :uuid, :link, :configs,"
                        + " :provisioned, :now) ON CONFLICT (user_id, node) DO UPDATE SET uuid = :uuid, vless_link ="
                        + " :link, client_configs = :configs, provisioned_expires_at = :provisioned, updated_at = :now")
                .bind("id", userId)
                .bind("node", node)
                .bind("uuid", uuid)
                .bind("link", vlessLink)
                .bind("configs", clientConfigs)
                .bind("provisioned", provisionedExpiry.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /**
     * After a removal from {@code node} its key is gone; once no node holds one the subscription's UUID is cleared
     * too. The requested UUID stays, so a later grant re-adds the same user.
     */
    public void clearKey(Handle h, long userId, String node, Instant now) {
        h.createUpdate("DELETE FROM node_keys WHERE user_id = :id AND node = :node")
                .bind("id", userId)
                .bind("node", node)
                .execute();
        h.createUpdate("UPDATE subscriptions SET uuid = NULL, updated_at = :now WHERE user_id = :id AND NOT EXISTS"
                        + " (SELECT 1 FROM node_keys k WHERE k.user_id = :id)")
                .bind("id", userId)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /**
     * A reset: the customer gets a new fleet UUID. Nodes still holding the old one (their {@code node_keys} rows) swap
     * it for the new one when their next provisioning job runs; until then {@link Subscription#hasKey()} is false.
     */
    public String rotateUuid(Handle h, long userId, Instant now) {
        String fresh = uuids.get().toString();
        h.createUpdate("UPDATE subscriptions SET requested_uuid = :uuid, uuid = NULL, updated_at = :now WHERE user_id ="
                        + " :id")
                .bind("uuid", fresh)
                .bind("now", now.toEpochMilli())
                .bind("id", userId)
                .execute();
        return fresh;
    }

    /** A key as a subscription URL serves it: the node, its link and its client configs JSON (or null). */
    public record ServedKey(String node, String vlessLink, String clientConfigs) {
        @Override
        public String toString() {
            return "ServedKey[node=" + node + "]";
        }
    }

    /**
     * The customer's keys of {@code uuid} on nodes not marked down, by node name: what their subscription URL lists. A
     * node still holding an older UUID (half-way through a reset) is left out.
     */
    public List<ServedKey> servedKeys(Handle h, long userId, String uuid) {
        return h.createQuery("SELECT k.node, k.vless_link, k.client_configs FROM node_keys k LEFT JOIN nodes n ON"
                        + " n.name = k.node WHERE k.user_id = :id AND k.uuid = :uuid AND COALESCE(n.health,"
                        + " 'unknown') <> 'down' ORDER BY k.node")
                .bind("id", userId)
                .bind("uuid", uuid)
                .map((rs, ctx) ->
                        new ServedKey(rs.getString("node"), rs.getString("vless_link"), rs.getString("client_configs")))
                .list();
    }

    /** Customers with access after {@code now} and no key on {@code node}: what a new or re-enabled node lacks. */
    public List<Long> activeWithoutKeyOn(Handle h, String node, Instant now) {
        return h.createQuery("SELECT s.user_id FROM subscriptions s WHERE s.expires_at > :now AND NOT EXISTS (SELECT 1"
                        + " FROM node_keys k WHERE k.user_id = s.user_id AND k.node = :node) ORDER BY s.user_id")
                .bind("now", now.toEpochMilli())
                .bind("node", node)
                .mapTo(Long.class)
                .list();
    }

    /** Customers holding a key on {@code node}, in id order. */
    public List<Long> withKeyOn(Handle h, String node) {
        return h.createQuery("SELECT user_id FROM node_keys WHERE node = :node ORDER BY user_id")
                .bind("node", node)
                .mapTo(Long.class)
                .list();
    }

    /** The nodes holding a key of this customer. */
    public List<String> nodesWithKey(Handle h, long userId) {
        return h.createQuery("SELECT node FROM node_keys WHERE user_id = :id ORDER BY node")
                .bind("id", userId)
                .mapTo(String.class)
                .list();
    }

    /** Moves every key stored under {@code from} to {@code to}: a fleet of one whose node was renamed. */
    public int renameNode(Handle h, String from, String to) {
        return h.createUpdate("UPDATE node_keys SET node = :to WHERE node = :from")
                .bind("from", from)
                .bind("to", to)
                .execute();
    }

    /** Forgets every key stored for a node that left the fleet; returns how many. */
    public int dropKeysOf(Handle h, String node) {
        return h.createUpdate("DELETE FROM node_keys WHERE node = :node")
                .bind("node", node)
                .execute();
    }

    /** The node names keys are stored under. */
    public List<String> nodesWithKeys(Handle h) {
        return h.createQuery("SELECT DISTINCT node FROM node_keys ORDER BY node")
                .mapTo(String.class)
                .list();
    }

    public long countActive(Handle h, Instant now) {
        return h.createQuery("SELECT COUNT(*) FROM subscriptions WHERE expires_at > :now")
                .bind("now", now.toEpochMilli())
                .mapTo(Long.class)
                .one();
    }

    /** Customers whose access runs past {@code now}, in id order. */
    public List<Long> activeUserIds(Handle h, Instant now) {
        return h.createQuery("SELECT user_id FROM subscriptions WHERE expires_at > :now ORDER BY user_id")
                .bind("now", now.toEpochMilli())
                .mapTo(Long.class)
                .list();
    }

    /** Every customer with access after {@code now}: what each enabled node should hold (drift checks). */
    public List<Access> withAccess(Handle h, Instant now) {
        return h.createQuery("SELECT user_id, uuid, requested_uuid, expires_at FROM subscriptions WHERE expires_at >"
                        + " :now ORDER BY user_id")
                .bind("now", now.toEpochMilli())
                .map(ACCESS)
                .list();
    }

    /** Subscriptions with a key whose expiry lies in {@code (from, to]}. */
    public List<Subscription> expiringBetween(Handle h, Instant from, Instant to) {
        return h
                .createQuery("SELECT * FROM subscriptions WHERE uuid IS NOT NULL AND expires_at > :from AND"
                        + " expires_at <= :to ORDER BY user_id")
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .map(MAPPER)
                .list()
                .stream()
                .map(s -> withKeys(s, keys(h, s.userId())))
                .toList();
    }
}
