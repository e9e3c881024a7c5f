package com.atlassecure.bot.payments;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The payments room: purchases, refunds and the reconciliation with Telegram's Stars ledger, over one payments table
 * that no other feature touches. Every accepted payment or refund walks on to {@link Provisioning} in the same
 * transaction.
 */
public final class Payments {
    private final PaymentRepository table = new PaymentRepository();
    private final PaymentService purchases;
    private final Refunds refunds;
    private final StarReconciler reconciler;
    private final AutoRenew autoRenew;

    public Payments(
            Database db,
            CustomerRepository customers,
            Provisioning provisioning,
            TelegramGateway telegram,
            Messages messages,
            Clock clock) {
        this.autoRenew = new AutoRenew(db, new StarSubscriptionRepository(), telegram, clock);
        this.purchases = new PaymentService(db, table, customers, provisioning, telegram, messages, clock, autoRenew);
        this.refunds = new Refunds(db, table, provisioning, telegram, clock, autoRenew);
        this.reconciler = new StarReconciler(db, table, purchases, refunds, telegram);
    }

    /** Invoices, pre-checkout and successful payments. */
    public PaymentService purchases() {
        return purchases;
    }

    /** Monthly Stars subscriptions: their state, cancel and resume. */
    public AutoRenew autoRenew() {
        return autoRenew;
    }

    public Refunds refunds() {
        return refunds;
    }

    public StarReconciler reconciler() {
        return reconciler;
    }

    /** Stars paid and not refunded, for /stats. */
    public long revenueStars(Handle h) {
        return table.revenueStars(h);
    }

    /** Payments recorded since {@code since}, for /stats. */
    public long countSince(Handle h, Instant since) {
        return table.countSince(h, since);
    }

    /** Payments one customer made, for /user. */
    public long countForUser(Handle h, long userId) {
        return table.countForUser(h, userId);
    }
}
