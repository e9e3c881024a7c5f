package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.config.DatabaseSettings.Dialect;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The provisioning room's front door: every change to a subscription together with the job that carries it to the API,
 * on the caller's handle, so the change and its job commit together or not at all (the transactional outbox). The
 * jobs table stays behind this class; the commit itself wakes the worker. On PostgreSQL each change first locks the
 * customer's row, so two replicas extending the same customer at once cannot both read the old expiry and lose one of
 * the extensions; SQLite runs one transaction at a time anyway. Callers make sure the customer's row exists.
 */
public final class Provisioning {
    /**
     * /redeliver's spacing: two messages per key at 150 ms is about 13 messages/s, which together with a broadcast's
     * 14/s stays under Telegram's ~30/s.
     */
    public static final Duration REDELIVERY_PACE = Duration.ofMillis(150);

    private final SubscriptionRepository subscriptions;
    private final OutboxRepository outbox;
    private final Dialect dialect;

    public Provisioning(SubscriptionRepository subscriptions, Dialect dialect) {
        this.subscriptions = subscriptions;
        this.outbox = new OutboxRepository(dialect);
        this.dialect = dialect;
    }

    OutboxRepository outbox() {
        return outbox;
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

    /**
     * Brings the API back to the bot's record of this customer (add, update or nothing), without a message: for state
     * the API lost or never had, as after a restore.
     */
    public void resync(Handle h, long userId, Instant now) {
        outbox.enqueue(h, userId, JobKind.PROVISION, false, null, now);
    }

    /**
     * /redeliver: after a REALITY key rotation every link changes, and update-user returns the new one, which the
     * worker stores and sends. Each active customer gets a job with key delivery, due {@link #REDELIVERY_PACE} apart;
     * the jobs are durable and retried like any other. Returns how many customers it covers.
     */
    public int redeliverAll(Handle h, Instant now) {
        List<Long> users = subscriptions.activeUserIds(h, now);
        for (int i = 0; i < users.size(); i++) {
            outbox.enqueue(
                    h, users.get(i), JobKind.PROVISION, true, null, now, now.plus(REDELIVERY_PACE.multipliedBy(i)));
        }
        return users.size();
    }

    /** Jobs not yet done, for /stats. */
    public long pending(Handle h) {
        return outbox.pending(h);
    }

    /** Every waiting job runs now instead of after its backoff (a node answers again); returns how many. */
    public int retryNow(Handle h, Instant now) {
        return outbox.dueNow(h, now);
    }

    /** When the oldest job still waiting was enqueued, or null when none waits (for /nodes). */
    public Instant oldestPendingSince(Handle h) {
        return outbox.oldestPending(h);
    }

    /** One customer's jobs not yet done, oldest first. */
    public List<OutboxJob> pendingFor(Handle h, long userId) {
        return outbox.pendingFor(h, userId);
    }
}
