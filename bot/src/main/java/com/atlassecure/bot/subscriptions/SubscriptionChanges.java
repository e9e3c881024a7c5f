package com.atlassecure.bot.subscriptions;

import com.atlassecure.bot.outbox.JobKind;
import com.atlassecure.bot.outbox.OutboxRepository;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Every change to a subscription together with the provisioning job that carries it to the API, on the caller's
 * handle: the change and its job commit together or not at all (the transactional outbox).
 */
public final class SubscriptionChanges {
    private final SubscriptionRepository subscriptions;
    private final OutboxRepository outbox;

    public SubscriptionChanges(SubscriptionRepository subscriptions, OutboxRepository outbox) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
    }

    /** Extends from max(now, expiry) and enqueues add-user or update-user; the key is sent when it is ready. */
    public Subscription extend(Handle h, long userId, int days, String delayNotice, Instant now) {
        Subscription sub = subscriptions.extend(h, userId, days, now);
        outbox.enqueue(h, userId, JobKind.PROVISION, true, delayNotice, now);
        return sub;
    }

    /** Takes {@code days} back (a refund), never ending before now, and tells the API the new expiry. */
    public Subscription shorten(Handle h, long userId, int days, Instant now) {
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
        if (subscriptions.find(h, userId).isPresent()) {
            subscriptions.setExpiry(h, userId, now, now);
            outbox.enqueue(h, userId, JobKind.REMOVE, false, null, now);
        }
    }
}
