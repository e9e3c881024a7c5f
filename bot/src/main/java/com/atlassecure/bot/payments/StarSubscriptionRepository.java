package com.atlassecure.bot.payments;

import com.atlassecure.bot.storage.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code star_subscriptions} table: a customer's monthly Stars subscription; all on the caller's handle. */
final class StarSubscriptionRepository {
    private static final RowMapper<StarSubscription> ROW = (rs, ctx) -> new StarSubscription(
            rs.getLong("user_id"),
            rs.getString("order_id"),
            rs.getString("charge_id"),
            "active".equals(rs.getString("state")),
            Rows.instant(rs, "expires_at"),
            Rows.instant(rs, "lapse_told_at"));

    Optional<StarSubscription> find(Handle h, long userId) {
        return h.createQuery("SELECT * FROM star_subscriptions WHERE user_id = :user")
                .bind("user", userId)
                .map(ROW)
                .findOne();
    }

    /**
     * A subscription this customer did not have (a new order): active, ending at {@code expiresAt}, named by {@code
     * chargeId}, or by nothing yet (null) when a renewal arrived before the first payment.
     */
    void begin(Handle h, long userId, String orderId, String chargeId, Instant expiresAt, Instant now) {
        int updated = h.createUpdate("UPDATE star_subscriptions SET order_id = :order, charge_id = :charge,"
                        + " state = 'active', expires_at = :expires, updated_at = :now, lapse_told_at = NULL"
                        + " WHERE user_id = :user")
                .bind("order", orderId)
                .bind("charge", chargeId)
                .bind("expires", expiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .bind("user", userId)
                .execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO star_subscriptions (user_id, order_id, charge_id, state, expires_at,"
                            + " updated_at) VALUES (:user, :order, :charge, 'active', :expires, :now)")
                    .bind("user", userId)
                    .bind("order", orderId)
                    .bind("charge", chargeId)
                    .bind("expires", expiresAt.toEpochMilli())
                    .bind("now", now.toEpochMilli())
                    .execute();
        }
    }

    /** The first payment arrived after a renewal: it names the subscription; the end does not move back. */
    void nameByFirstCharge(Handle h, long userId, String chargeId, Instant expiresAt, Instant now) {
        h.createUpdate("UPDATE star_subscriptions SET charge_id = :charge, expires_at = CASE WHEN expires_at >"
                        + " :expires THEN expires_at ELSE :expires END, updated_at = :now WHERE user_id = :user")
                .bind("charge", chargeId)
                .bind("expires", expiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .bind("user", userId)
                .execute();
    }

    /** A renewal: the subscription now runs to {@code expiresAt} (never moved back); its state is left as it is. */
    void renewed(Handle h, long userId, Instant expiresAt, Instant now) {
        h.createUpdate("UPDATE star_subscriptions SET expires_at = CASE WHEN expires_at > :expires THEN expires_at"
                        + " ELSE :expires END, updated_at = :now, lapse_told_at = NULL WHERE user_id = :user")
                .bind("expires", expiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .bind("user", userId)
                .execute();
    }

    /** Sets active or cancelled; false when it already was (a repeated button press). */
    boolean setActive(Handle h, long userId, boolean active, Instant now) {
        return h.createUpdate("UPDATE star_subscriptions SET state = :state, updated_at = :now WHERE user_id = :user"
                                + " AND state <> :state")
                        .bind("state", active ? "active" : "cancelled")
                        .bind("now", now.toEpochMilli())
                        .bind("user", userId)
                        .execute()
                > 0;
    }

    /** Active subscriptions whose period ended without a renewal and whose customer was not told yet. */
    List<StarSubscription> lapsedUntold(Handle h, Instant now) {
        return h.createQuery("SELECT * FROM star_subscriptions WHERE state = 'active' AND expires_at <= :now"
                        + " AND lapse_told_at IS NULL ORDER BY user_id")
                .bind("now", now.toEpochMilli())
                .map(ROW)
                .list();
    }

    /** Marks the lapse told; false when another replica told it first. */
    boolean markLapseTold(Handle h, long userId, Instant now) {
        return h.createUpdate("UPDATE star_subscriptions SET lapse_told_at = :now WHERE user_id = :user AND"
                                + " lapse_told_at IS NULL")
                        .bind("now", now.toEpochMilli())
                        .bind("user", userId)
                        .execute()
                > 0;
    }
}
