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
            rs.getString("vless_link"),
            Rows.instant(rs, "expires_at"),
            Rows.instant(rs, "provisioned_expires_at"));

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
                .findOne();
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

    public void setExpiry(Handle h, long userId, Instant expires, Instant now) {
        h.createUpdate("UPDATE subscriptions SET expires_at = :expires, updated_at = :now WHERE user_id = :id")
                .bind("id", userId)
                .bind("expires", expires.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Stores what the API returned, exactly. */
    public void recordProvisioned(
            Handle h, long userId, String uuid, String vlessLink, Instant provisionedExpiry, Instant now) {
        h.createUpdate("UPDATE subscriptions SET uuid = :uuid, vless_link = :link, provisioned_expires_at ="
                        + " :provisioned, updated_at = :now WHERE user_id = :id")
                .bind("id", userId)
                .bind("uuid", uuid)
                .bind("link", vlessLink)
                .bind("provisioned", provisionedExpiry.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** After a removal the key is gone; the requested UUID stays so a later grant re-adds the same user. */
    public void clearKey(Handle h, long userId, Instant now) {
        h.createUpdate("UPDATE subscriptions SET uuid = NULL, vless_link = NULL, provisioned_expires_at = NULL,"
                        + " updated_at = :now WHERE user_id = :id")
                .bind("id", userId)
                .bind("now", now.toEpochMilli())
                .execute();
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

    /** Every subscription with access after {@code now}: what each node should hold (drift checks). */
    public List<Subscription> withAccess(Handle h, Instant now) {
        return h.createQuery("SELECT * FROM subscriptions WHERE expires_at > :now ORDER BY user_id")
                .bind("now", now.toEpochMilli())
                .map(MAPPER)
                .list();
    }

    /** Subscriptions with a key whose expiry lies in {@code (from, to]}. */
    public List<Subscription> expiringBetween(Handle h, Instant from, Instant to) {
        return h.createQuery("SELECT * FROM subscriptions WHERE uuid IS NOT NULL AND expires_at > :from AND"
                        + " expires_at <= :to ORDER BY user_id")
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .map(MAPPER)
                .list();
    }
}
