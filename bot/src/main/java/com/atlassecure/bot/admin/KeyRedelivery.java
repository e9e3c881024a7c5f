package com.atlassecure.bot.admin;

import com.atlassecure.bot.outbox.JobKind;
import com.atlassecure.bot.outbox.OutboxRepository;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * /redeliver: after a REALITY key rotation every link changes, and update-user returns the new one, which the outbox
 * stores and sends. Each active customer gets a PROVISION job with key delivery, due {@link #PACE} apart: two
 * messages per key at 150 ms is about 13 messages/s, which together with a broadcast's 14/s stays under Telegram's
 * ~30/s, and the jobs are durable and retried like any other.
 */
final class KeyRedelivery {
    static final Duration PACE = Duration.ofMillis(150);

    private KeyRedelivery() {}

    /** Enqueues the re-delivery on the caller's transaction; returns how many customers it covers. */
    static int enqueueAll(Handle h, SubscriptionRepository subscriptions, OutboxRepository outbox, Instant now) {
        List<Long> users = subscriptions.activeUserIds(h, now);
        for (int i = 0; i < users.size(); i++) {
            outbox.enqueue(h, users.get(i), JobKind.PROVISION, true, null, now, now.plus(PACE.multipliedBy(i)));
        }
        return users.size();
    }
}
