package com.atlassecure.bot.payments;

import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monthly auto-renew with Telegram Stars subscriptions (issue 19): the state of a customer's subscription, cancel
 * and resume through {@code editUserStarSubscription}, and the bookkeeping of first and renewal payments (whose
 * access PaymentService grants). Telegram is asked first; our state follows only what Telegram accepted.
 */
public final class AutoRenew {
    private static final Logger log = LoggerFactory.getLogger(AutoRenew.class);

    /** What a cancel or resume did. */
    public enum Change {
        DONE,
        ALREADY,
        NONE,
        REFUSED
    }

    private final Database db;
    private final StarSubscriptionRepository table;
    private final TelegramGateway telegram;
    private final Clock clock;

    AutoRenew(Database db, StarSubscriptionRepository table, TelegramGateway telegram, Clock clock) {
        this.db = db;
        this.table = table;
        this.telegram = telegram;
        this.clock = clock;
    }

    public Optional<StarSubscription> find(long userId) {
        return db.withHandle(h -> table.find(h, userId));
    }

    /**
     * On the caller's handle: whether Telegram renews this customer's subscription (it is active), so reminders to
     * renew by hand are not sent; a renewal that does not come is told by {@link #claimLapsed} instead.
     */
    public boolean renewsAutomatically(Handle h, long userId) {
        return table.find(h, userId).map(StarSubscription::active).orElse(false);
    }

    /** Stops the renewals; the paid period runs to its end. */
    public Change cancel(long userId) {
        return set(userId, false);
    }

    /** Renews again, from the end of the paid period; only while it has not ended. */
    public Change resume(long userId) {
        return set(userId, true);
    }

    private Change set(long userId, boolean active) {
        Instant now = clock.instant();
        Optional<StarSubscription> sub = find(userId);
        if (sub.isEmpty() || !sub.get().expiresAt().isAfter(now)) {
            return Change.NONE;
        }
        if (sub.get().active() == active) {
            return Change.ALREADY;
        }
        if (sub.get().chargeId() == null) {
            // A renewal overtook the first payment's update: until it arrives there is no name to give Telegram.
            log.info("event=star_subscription_edit_waits user={} reason=first_payment_not_seen", userId);
            return Change.REFUSED;
        }
        try {
            telegram.editStarSubscription(userId, sub.get().chargeId(), !active);
        } catch (TelegramCallException e) {
            log.warn(
                    "event=star_subscription_edit_refused user={} active={} error=\"{}\"",
                    userId,
                    active,
                    e.getMessage());
            return Change.REFUSED;
        }
        boolean changed = db.inTransaction(h -> table.setActive(h, userId, active, now));
        log.info("event=star_subscription_{} user={} changed={}", active ? "resumed" : "cancelled", userId, changed);
        return changed ? Change.DONE : Change.ALREADY;
    }

    /**
     * Books a subscription payment in the caller's transaction: the first names the subscription by its charge, a
     * renewal moves its end. A renewal that arrives before its first payment starts the row without a name, and
     * cancel waits for the first payment to arrive (Telegram knows a subscription only by its first charge).
     */
    void paid(Handle h, long userId, String orderId, String chargeId, boolean first, Instant expiresAt, Instant now) {
        Optional<StarSubscription> known = table.find(h, userId);
        boolean same = known.isPresent() && known.get().orderId().equals(orderId);
        if (!same) {
            if (known.isPresent() && !expiresAt.isAfter(known.get().expiresAt())) {
                // A late update of an older subscription: the money counts (access was extended), the newer row stays.
                log.info(
                        "event=star_subscription_late_payment user={} order={} kept={}",
                        userId,
                        orderId,
                        known.get().orderId());
                return;
            }
            table.begin(h, userId, orderId, first ? chargeId : null, expiresAt, now);
        } else if (first) {
            table.nameByFirstCharge(h, userId, chargeId, expiresAt, now);
        } else {
            table.renewed(h, userId, expiresAt, now);
        }
    }

    /**
     * After a refund of a subscription payment: cancels the subscription at Telegram (a refunded customer is not
     * charged again) and here. Never throws; a refusal is logged and the customer can still cancel in the bot.
     */
    void cancelAfterRefund(long userId) {
        Change change = cancel(userId);
        log.info("event=star_subscription_cancelled_by_refund user={} change={}", userId, change);
    }

    /** Active subscriptions whose renewal did not come, each handed out once across replicas. */
    public List<StarSubscription> claimLapsed() {
        Instant now = clock.instant();
        return db.inTransaction(h -> table.lapsedUntold(h, now).stream()
                .filter(s -> table.markLapseTold(h, s.userId(), now))
                .toList());
    }
}
