package com.atlassecure.bot.payments;

import com.atlassecure.bot.storage.Rows;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code orders} and {@code payments} tables; all methods run on the caller's handle. */
public final class PaymentRepository {
    private static final RowMapper<Order> ORDER = (rs, ctx) -> new Order(
            rs.getString("id"),
            rs.getLong("user_id"),
            rs.getString("plan_id"),
            rs.getInt("days"),
            rs.getInt("amount_stars"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "paid_at"),
            Rows.integer(rs, "device_limit"));
    private static final RowMapper<Payment> PAYMENT = (rs, ctx) -> new Payment(
            rs.getString("telegram_payment_charge_id"),
            rs.getString("provider_payment_charge_id"),
            rs.getString("order_id"),
            rs.getLong("user_id"),
            rs.getInt("amount_stars"),
            rs.getString("currency"),
            rs.getInt("days"),
            Rows.instant(rs, "paid_at"),
            Rows.instant(rs, "refunded_at"));

    public void createOrder(Handle h, Order order) {
        h.createUpdate("INSERT INTO orders (id, user_id, plan_id, days, amount_stars, created_at, device_limit)"
                        + " VALUES (:id, :user, :plan, :days, :amount, :created, :devices)")
                .bind("id", order.id())
                .bind("user", order.userId())
                .bind("plan", order.planId())
                .bind("days", order.days())
                .bind("amount", order.amountStars())
                .bind("created", order.createdAt().toEpochMilli())
                .bind("devices", order.deviceLimit())
                .execute();
    }

    public Optional<Order> findOrder(Handle h, String id) {
        return h.createQuery("SELECT * FROM orders WHERE id = :id")
                .bind("id", id)
                .map(ORDER)
                .findOne();
    }

    public void markOrderPaid(Handle h, String id, Instant now) {
        h.createUpdate("UPDATE orders SET paid_at = :now WHERE id = :id AND paid_at IS NULL")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /**
     * Records the payment unless this {@code telegram_payment_charge_id} is already known. Returns whether it was
     * new: the unique constraint, not a prior read, decides, so two concurrent deliveries cannot both win.
     */
    public boolean insertIfNew(Handle h, Payment p) {
        return insertIfNew(h, p, null);
    }

    /** As {@link #insertIfNew(Handle, Payment)}, with why the payment did not match its order (null when it did). */
    public boolean insertIfNew(Handle h, Payment p, String problem) {
        return h.createUpdate("INSERT INTO payments (telegram_payment_charge_id, provider_payment_charge_id, order_id,"
                                + " user_id, amount_stars, currency, days, paid_at, problem) VALUES (:charge,"
                                + " :provider, :order, :user, :amount, :currency, :days, :paid, :problem) ON CONFLICT"
                                + " (telegram_payment_charge_id) DO NOTHING")
                        .bind("problem", problem)
                        .bind("charge", p.telegramChargeId())
                        .bind("provider", p.providerChargeId())
                        .bind("order", p.orderId())
                        .bind("user", p.userId())
                        .bind("amount", p.amountStars())
                        .bind("currency", p.currency())
                        .bind("days", p.days())
                        .bind("paid", p.paidAt().toEpochMilli())
                        .execute()
                == 1;
    }

    public Optional<Payment> findByCharge(Handle h, String chargeId) {
        return h.createQuery("SELECT * FROM payments WHERE telegram_payment_charge_id = :charge")
                .bind("charge", chargeId)
                .map(PAYMENT)
                .findOne();
    }

    /** Marks the refund once; false when it was already refunded. */
    public boolean markRefunded(Handle h, String chargeId, Instant now) {
        return h.createUpdate("UPDATE payments SET refunded_at = :now WHERE telegram_payment_charge_id = :charge AND"
                                + " refunded_at IS NULL")
                        .bind("charge", chargeId)
                        .bind("now", now.toEpochMilli())
                        .execute()
                == 1;
    }

    /** Notes that a refund is about to be asked of Telegram, so that a failure after it can be repaired. */
    public void markRefundRequested(Handle h, String chargeId, Instant now) {
        h.createUpdate("UPDATE payments SET refund_requested_at = :now WHERE telegram_payment_charge_id = :charge AND"
                        + " refund_requested_at IS NULL")
                .bind("charge", chargeId)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Charges whose refund was requested and never marked done: Telegram may have moved the money already. */
    public java.util.List<String> refundsToComplete(Handle h) {
        return h.createQuery("SELECT telegram_payment_charge_id FROM payments WHERE refund_requested_at IS NOT NULL"
                        + " AND refunded_at IS NULL ORDER BY id")
                .mapTo(String.class)
                .list();
    }

    /** How many of Telegram's Stars transactions were reconciled already; 0 at first. */
    public long reconcileOffset(Handle h) {
        return h.createQuery("SELECT next_offset FROM star_reconcile WHERE id = 1")
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    public void saveReconcileOffset(Handle h, long offset) {
        h.createUpdate("INSERT INTO star_reconcile (id, next_offset) VALUES (1, :offset) ON CONFLICT (id) DO UPDATE"
                        + " SET next_offset = excluded.next_offset")
                .bind("offset", offset)
                .execute();
    }

    public String problem(Handle h, String chargeId) {
        return h.createQuery("SELECT problem FROM payments WHERE telegram_payment_charge_id = :charge")
                .bind("charge", chargeId)
                .mapTo(String.class)
                .findOne()
                .orElse(null);
    }

    public long countForUser(Handle h, long userId) {
        return h.createQuery("SELECT COUNT(*) FROM payments WHERE user_id = :user")
                .bind("user", userId)
                .mapTo(Long.class)
                .one();
    }

    /** Stars received minus refunds. */
    public long revenueStars(Handle h) {
        return h.createQuery("SELECT COALESCE(SUM(amount_stars), 0) FROM payments WHERE refunded_at IS NULL")
                .mapTo(Long.class)
                .one();
    }

    public long countSince(Handle h, Instant since) {
        return h.createQuery("SELECT COUNT(*) FROM payments WHERE paid_at >= :since")
                .bind("since", since.toEpochMilli())
                .mapTo(Long.class)
                .one();
    }
}
