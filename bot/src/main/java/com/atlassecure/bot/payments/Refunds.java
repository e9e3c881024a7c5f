package com.atlassecure.bot.payments;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds a Stars payment through Telegram, then marks it refunded and shortens the access by what it paid for. The
 * money moves first: if Telegram refuses, nothing changes here but the "refund requested" marker.
 */
public final class Refunds {
    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    private final Database db;
    private final PaymentRepository payments;
    private final Provisioning provisioning;
    private final TelegramGateway telegram;
    private final Clock clock;
    private final AutoRenew autoRenew;

    Refunds(
            Database db,
            PaymentRepository payments,
            Provisioning provisioning,
            TelegramGateway telegram,
            Clock clock,
            AutoRenew autoRenew) {
        this.autoRenew = autoRenew;
        this.db = db;
        this.payments = payments;
        this.provisioning = provisioning;
        this.telegram = telegram;
        this.clock = clock;
    }

    /** The result of a refund request. */
    public sealed interface Outcome {
        record Refunded(Payment payment, Subscription subscription) implements Outcome {}

        record UnknownCharge() implements Outcome {}

        record AlreadyRefunded(Payment payment) implements Outcome {}

        record TelegramRefused(Payment payment, String reason) implements Outcome {}
    }

    /**
     * Refunds the charge. A marker is committed before Telegram is asked, and Telegram's CHARGE_ALREADY_REFUNDED
     * counts as success, so a failure between the money moving and the database catching up is repaired by calling
     * this again (an admin's second /refund, or {@link StarReconciler}).
     */
    public Outcome refund(String chargeId) {
        Optional<Payment> found = db.withHandle(h -> payments.findByCharge(h, chargeId));
        if (found.isEmpty()) {
            return new Outcome.UnknownCharge();
        }
        Payment payment = found.get();
        if (payment.refundedAt() != null) {
            return new Outcome.AlreadyRefunded(payment);
        }
        db.useTransaction(h -> payments.markRefundRequested(h, chargeId, clock.instant()));
        try {
            telegram.refundStarPayment(payment.userId(), chargeId);
        } catch (TelegramCallException e) {
            if (!alreadyRefunded(e)) {
                log.warn(
                        "event=refund_refused user={} charge={} error=\"{}\"",
                        payment.userId(),
                        chargeId,
                        e.getMessage());
                return new Outcome.TelegramRefused(payment, e.getMessage());
            }
            log.info("event=refund_already_done_at_telegram user={} charge={}", payment.userId(), chargeId);
        }
        return complete(payment);
    }

    /** Telegram reported (a refunded_payment message) that the charge was refunded: record it on our side. */
    public Outcome recordRefunded(String chargeId) {
        Optional<Payment> found = db.withHandle(h -> payments.findByCharge(h, chargeId));
        if (found.isEmpty()) {
            log.error("event=refund_for_unknown_charge charge={}", chargeId);
            return new Outcome.UnknownCharge();
        }
        if (found.get().refundedAt() != null) {
            return new Outcome.AlreadyRefunded(found.get());
        }
        return complete(found.get());
    }

    /** The database side of a refund: marked once, and the access shortened by what the payment bought. */
    private Outcome complete(Payment payment) {
        String chargeId = payment.telegramChargeId();
        Instant now = clock.instant();
        Outcome outcome = db.inTransaction(h -> {
            if (!payments.markRefunded(h, chargeId, now)) {
                return new Outcome.AlreadyRefunded(payment);
            }
            Subscription sub =
                    payment.days() > 0 ? provisioning.shorten(h, payment.userId(), payment.days(), now) : null;
            return new Outcome.Refunded(payment, sub);
        });
        log.info(
                "event=refund user={} charge={} stars={} outcome={}",
                payment.userId(),
                chargeId,
                payment.amountStars(),
                outcome.getClass().getSimpleName());
        if (outcome instanceof Outcome.Refunded && ofSubscription(payment)) {
            // A refunded subscriber is not charged again: the subscription is cancelled at Telegram too.
            autoRenew.cancelAfterRefund(payment.userId());
        }
        return outcome;
    }

    private boolean ofSubscription(Payment payment) {
        return db.withHandle(h -> payments.findOrder(h, payment.orderId()))
                .map(order -> Plan.RECURRING_ID.equals(order.planId()))
                .orElse(false);
    }

    private static boolean alreadyRefunded(TelegramCallException e) {
        return e.getMessage() != null && e.getMessage().contains("CHARGE_ALREADY_REFUNDED");
    }
}
