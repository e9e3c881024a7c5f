package com.atlassecure.bot.subscriptions;

import com.atlassecure.bot.config.DatabaseSettings.Dialect;
import com.atlassecure.bot.outbox.JobKind;
import com.atlassecure.bot.outbox.OutboxRepository;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Every change to a subscription together with the provisioning job that carries it to the API, on the caller's
 * handle: the change and its job commit together or not at all (the transactional outbox). On PostgreSQL each change
 * first locks the customer's row, so two replicas extending the same customer at once cannot both read the old
 * expiry and lose one of the extensions; SQLite runs one transaction at a time anyway. Callers make sure the
 * customer's row exists.
 */
public final class SubscriptionChanges {
    private final SubscriptionRepository subscriptions;
    private final OutboxRepository outbox;
    private final Dialect dialect;

    public SubscriptionChanges(SubscriptionRepository subscriptions, OutboxRepository outbox, Dialect dialect) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.dialect = dialect;
    }

    // NO KEY UPDATE, not UPDATE: the payment's foreign key already holds KEY SHARE on this row, and upgrading to
    // FOR UPDATE would deadlock two concurrent payments of one customer.
    private void lockCustomer(Handle h, long userId) {
        if (dialect == Dialect.POSTGRESQL) {
            h.createQuery("SELECT id FROM users WHERE id = :id FOR NO KEY UPDATE")
                    .bind("id", userId)
                    .mapTo(Long.class)
                    .findOne();
        }
    }

    /** Extends from max(now, expiry) and enqueues add-user or update-user; the key is sent when it is ready. */
    public Subscription extend(Handle h, long userId, int days, String delayNotice, Instant now) {
        lockCustomer(h, userId);
        Subscription sub = subscriptions.extend(h, userId, days, now);
        outbox.enqueue(h, userId, JobKind.PROVISION, true, delayNotice, now);
        return sub;
    }

    /** Takes {@code days} back (a refund), never ending before now, and tells the API the new expiry. */
    public Subscription shorten(Handle h, long userId, int days, Instant now) {
        lockCustomer(h, userId);
        Subscription sub = subscriptions.find(h, userId).orElse(null);
        if (sub == null) {
            return null;
        }
        Instant shortened = sub.expiresAt().minus(Duration.ofDays(days));
        subscriptions.setExpiry(h, userId, shortened.isAfter(now) ? shortened : now, now);
        outbox.enqueue(h, userId, JobKind.PROVISION, false, null, now);
        return subscriptions.find(h, userId).orElseThrow();
    }

    /** Ends access now and removes the user at the API. */
    public void revoke(Handle h, long userId, Instant now) {
        lockCustomer(h, userId);
        if (subscriptions.find(h, userId).isPresent()) {
            subscriptions.setExpiry(h, userId, now, now);
            outbox.enqueue(h, userId, JobKind.REMOVE, false, null, now);
        }
    }
}
