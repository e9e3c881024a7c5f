package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.config.DatabaseSettings.Dialect;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning room's front door: every change to a subscription together with the job that carries it to the API,
 * on the caller's handle, so the change and its job commit together or not at all (the transactional outbox). The
 * jobs table stays behind this class; the commit itself wakes the worker. On PostgreSQL each change first locks the
 * customer's row, so two replicas extending the same customer at once cannot both read the old expiry and lose one of
 * the extensions; SQLite runs one transaction at a time anyway. Callers make sure the customer's row exists.
 *
 * <p>A change writes one job per node it concerns, all in one change: a grant goes to every enabled node, a shortening
 * or a removal also to every node that still holds the key (a draining one).
 */
public final class Provisioning {
    /**
     * /redeliver's spacing: two messages per key at 150 ms is about 13 messages/s, which together with a broadcast's
     * 14/s stays under Telegram's ~30/s.
     */
    public static final Duration REDELIVERY_PACE = Duration.ofMillis(150);

    /** The one node of the old settings, and of tests that need no fleet. */
    public static final String SINGLE_NODE = "main";

    private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

    private final SubscriptionRepository subscriptions;
    private final OutboxRepository outbox;
    private final OutboxSignal signal = new OutboxSignal();
    private final Dialect dialect;
    private final Placement placement;

    public Provisioning(SubscriptionRepository subscriptions, Dialect dialect, Placement placement) {
        this.subscriptions = subscriptions;
        this.outbox = new OutboxRepository(dialect, signal::wakeAll);
        this.dialect = dialect;
        this.placement = placement;
    }

    /** A fleet of the one node {@link #SINGLE_NODE}. */
    public Provisioning(SubscriptionRepository subscriptions, Dialect dialect) {
        this(subscriptions, dialect, Placement.fixed(List.of(SINGLE_NODE)));
    }

    OutboxRepository outbox() {
        return outbox;
    }

    /** Released after every commit that enqueued a job: the worker's lanes wait on it. */
    OutboxSignal signal() {
        return signal;
    }

    Placement placement() {
        return placement;
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

    /**
     * The nodes taking new customers, and with {@code keyed} also every node that holds this customer's key (a
     * renewal reaches a node that is down or draining too, when it holds the key).
     */
    private List<String> targets(Handle h, long userId, boolean keyed) {
        TreeSet<String> nodes = new TreeSet<>(placement.accepting(h));
        if (keyed) {
            nodes.addAll(subscriptions.nodesWithKey(h, userId));
        }
        return List.copyOf(nodes);
    }

    /** Writes one change: a job per node, all due at {@code runAt}; returns the change's id, or 0 for no node. */
    private long change(
            Handle h,
            long userId,
            List<String> nodes,
            JobKind kind,
            boolean deliverKey,
            String delayNotice,
            Instant now,
            Instant runAt) {
        Long changeId = null;
        for (String node : nodes) {
            long id = outbox.enqueue(h, userId, node, changeId, kind, deliverKey, delayNotice, now, runAt);
            if (changeId == null) {
                changeId = id;
            }
        }
        if (changeId == null) {
            // Every node is drained or none is configured: the record holds, and a node enabled later backfills it.
            log.error("event=change_without_node user={} kind={}", userId, kind);
            return 0;
        }
        return changeId;
    }

    /** Extends from max(now, expiry) and enqueues add-user or update-user; the key is sent when it is ready. */
    public Subscription extend(Handle h, long userId, int days, String delayNotice, Instant now) {
        lockCustomer(h, userId);
        Subscription sub = subscriptions.extend(h, userId, days, now);
        change(h, userId, targets(h, userId, true), JobKind.PROVISION, true, delayNotice, now, now);
        return sub;
    }

    /**
     * Records how many devices the customer's key may use (from the plan just paid for); null leaves what it was.
     * Call it in the transaction that enqueues the change, whose jobs carry it to every node.
     */
    public void setDeviceLimit(Handle h, long userId, Integer devices) {
        if (devices != null) {
            subscriptions.setDeviceLimit(h, userId, devices);
        }
    }

    /**
     * Takes {@code days} back (a refund), never ending before now, and tells the nodes the new expiry; when no paid
     * time is left, removes the customer from every node.
     */
    public Subscription shorten(Handle h, long userId, int days, Instant now) {
        lockCustomer(h, userId);
        Subscription sub = subscriptions.find(h, userId).orElse(null);
        if (sub == null) {
            return null;
        }
        Instant shortened = sub.expiresAt().minus(Duration.ofDays(days));
        if (shortened.isAfter(now)) {
            subscriptions.setExpiry(h, userId, shortened, now);
            change(h, userId, targets(h, userId, true), JobKind.PROVISION, false, null, now, now);
        } else {
            // No paid time left: off every node now, sessions closed by each API, not at its next expiry sweep.
            subscriptions.setExpiry(h, userId, now, now);
            change(h, userId, targets(h, userId, true), JobKind.REMOVE, false, null, now, now);
        }
        return subscriptions.find(h, userId).orElseThrow();
    }

    /**
     * A leaked key or subscription URL: the customer gets a new fleet UUID, and every node holding the old one swaps it
     * (remove-user, which closes its sessions, then add-user). Returns false when the customer has no subscription.
     */
    public boolean rotateKey(Handle h, long userId, Instant now) {
        lockCustomer(h, userId);
        Subscription sub = subscriptions.find(h, userId).orElse(null);
        if (sub == null) {
            return false;
        }
        subscriptions.rotateUuid(h, userId, now);
        change(h, userId, targets(h, userId, true), JobKind.PROVISION, false, null, now, now);
        return true;
    }

    /** Ends access now and removes the user from every node. */
    public void revoke(Handle h, long userId, Instant now) {
        lockCustomer(h, userId);
        if (subscriptions.find(h, userId).isPresent()) {
            subscriptions.setExpiry(h, userId, now, now);
            change(h, userId, targets(h, userId, true), JobKind.REMOVE, false, null, now, now);
        }
    }

    /**
     * Brings {@code node} back to the bot's record of this customer (add, update or nothing), without a message, unless
     * a job for them there is already waiting: for state the node lost or never had, as after a restore. Returns
     * whether it wrote a job.
     */
    public boolean resync(Handle h, long userId, String node, Instant now) {
        if (!outbox.pendingFor(h, userId, node).isEmpty()) {
            return false;
        }
        outbox.enqueue(h, userId, node, JobKind.PROVISION, false, null, now);
        return true;
    }

    /**
     * Gives {@code node} every customer with access it holds no key for (a node added or enabled again); returns how
     * many jobs it wrote.
     */
    public int backfill(Handle h, String node, Instant now) {
        if (!placement.enabled(h).contains(node)) {
            return 0; // a draining node takes no one new
        }
        java.util.Set<Long> waiting = NodeBackfill.usersWithPendingJobs(h, node);
        List<Long> missing = subscriptions.activeWithoutKeyOn(h, node, now).stream()
                .filter(userId -> !waiting.contains(userId))
                .toList();
        int written = NodeBackfill.enqueueEach(h, node, missing, now);
        if (written > 0) {
            outbox.wakeAfterCommit(h);
        }
        return written;
    }

    /**
     * Takes every key off {@code node} (its drain's grace ended): a removal per customer it holds, unless one is
     * already waiting; returns how many it wrote.
     */
    public int removeAllFrom(Handle h, String node, Instant now) {
        int written = 0;
        for (long userId : subscriptions.withKeyOn(h, node)) {
            boolean waiting = outbox.pendingFor(h, userId, node).stream().anyMatch(j -> j.kind() == JobKind.REMOVE);
            if (!waiting) {
                outbox.enqueue(h, userId, node, JobKind.REMOVE, false, null, now);
                written++;
            }
        }
        return written;
    }

    /**
     * Jobs written before the fleet named no node: each becomes one change over the nodes a job of its kind concerns
     * today, keeping its delivery and notice, and the old job is done. Runs at start; returns how many it fanned out.
     */
    public int adoptLegacyJobs(Handle h, Instant now) {
        List<OutboxJob> legacy = outbox.legacyPending(h);
        for (OutboxJob job : legacy) {
            change(
                    h,
                    job.userId(),
                    targets(h, job.userId(), true),
                    job.kind(),
                    job.deliverKey(),
                    job.delayNotice(),
                    now,
                    now);
            outbox.complete(h, job.id(), now);
        }
        return legacy.size();
    }

    /**
     * /redeliver: after a REALITY key rotation every link changes, and update-user returns the new one, which the
     * worker stores and sends. Each active customer gets one change with key delivery over their nodes, due {@link
     * #REDELIVERY_PACE} apart; the jobs are durable and retried like any other. Returns how many customers it covers.
     */
    public int redeliverAll(Handle h, Instant now) {
        List<Long> users = subscriptions.activeUserIds(h, now);
        for (int i = 0; i < users.size(); i++) {
            long userId = users.get(i);
            change(
                    h,
                    userId,
                    targets(h, userId, true),
                    JobKind.PROVISION,
                    true,
                    null,
                    now,
                    now.plus(REDELIVERY_PACE.multipliedBy(i)));
        }
        return users.size();
    }

    /** Jobs not yet done, for /stats. */
    public long pending(Handle h) {
        return outbox.pending(h);
    }

    /** Jobs not yet done per node, and the oldest one's age, for /nodes. */
    public Map<String, PendingJobs> pendingByNode(Handle h) {
        return outbox.pendingByNode(h);
    }

    /** Every job waiting for {@code node} runs now instead of after its backoff (it answers again); returns how many. */
    public int retryNow(Handle h, String node, Instant now) {
        return outbox.dueNow(h, node, now);
    }

    /** One customer's jobs not yet done, on every node, oldest first. */
    public List<OutboxJob> pendingFor(Handle h, long userId) {
        return outbox.pendingFor(h, userId);
    }

    /** One customer's jobs not yet done on {@code node}, oldest first. */
    public List<OutboxJob> pendingFor(Handle h, long userId, String node) {
        return outbox.pendingFor(h, userId, node);
    }
}
