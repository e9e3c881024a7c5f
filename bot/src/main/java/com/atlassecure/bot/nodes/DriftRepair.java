package com.atlassecure.bot.nodes;

import com.atlassecure.bot.apiclient.BatchOutcome;
import com.atlassecure.bot.apiclient.NodeSync;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.users.ActiveUsersDigest;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.users.UserPageEntry;
import com.atlassecure.contract.users.UserState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and repairs drift between what the bot's database says a node should hold and what it holds (design principle
 * 11). The digests are compared first; only when they differ are the node's users paged in uuid order and merged with
 * the bot's. A customer missing on the node, or held with another expiry, gets a resync job through the outbox (the
 * same add-user or update-user path as a payment, so it is retried and never lost). A user the node holds but the bot
 * does not want is removed by batch, at most {@link #MAX_REMOVALS_PER_RUN} per run and, beyond a handful, at most a
 * tenth of the node: a bot restored from an old backup, or a new bot pointed at a server that already has customers,
 * must not strip a node of customers it merely does not know, so a larger difference is refused and reported for a
 * person.
 */
public final class DriftRepair {
    static final int MAX_REMOVALS_PER_RUN = 100;
    /** Removals that never need the proportion check: a few strangers on a small node. */
    static final int FEW_REMOVALS = 5;

    private static final Logger log = LoggerFactory.getLogger(DriftRepair.class);
    private static final int PAGE = 1000;

    private final String node;
    private final NodeSync api;
    private final Database db;
    private final SubscriptionRepository subscriptions;
    private final Provisioning provisioning;
    private final NodeRegistry registry;
    private final Clock clock;
    private final NodeRepository nodes = new NodeRepository();

    public DriftRepair(
            String node,
            NodeSync api,
            Database db,
            SubscriptionRepository subscriptions,
            Provisioning provisioning,
            NodeRegistry registry,
            Clock clock) {
        this.node = node;
        this.registry = registry;
        this.api = api;
        this.db = db;
        this.subscriptions = subscriptions;
        this.provisioning = provisioning;
        this.clock = clock;
    }

    /** The (lowercase uuid → expiry ms) the node should hold now, with the customer each belongs to. */
    private record Wanted(TreeMap<String, Long> expiry, Map<String, Long> customer) {}

    private Wanted wanted(Instant now) {
        TreeMap<String, Long> expiry = new TreeMap<>();
        Map<String, Long> customer = new HashMap<>();
        for (SubscriptionRepository.Access s : db.withHandle(h -> subscriptions.withAccess(h, now))) {
            String uuid = s.uuid().toLowerCase(Locale.ROOT);
            expiry.put(uuid, s.expiresAt().toEpochMilli());
            customer.put(uuid, s.userId());
        }
        return new Wanted(expiry, customer);
    }

    /** The digest the node should answer now. */
    public UserDigest wantedDigest() {
        ActiveUsersDigest digest = new ActiveUsersDigest();
        wanted(clock.instant()).expiry().forEach(digest::add);
        return digest.finish();
    }

    /** The advisory-lock key space of drift checks, apart from the outbox's and the reminders'. */
    private static final int LOCK_SPACE = 0x4452;

    /**
     * {@link #runOnce} unless another bot replica is checking this node right now (PostgreSQL: a session advisory
     * lock per node, held for the check); empty when it was skipped. Two replicas comparing and repairing one node at
     * once would page it twice and could enqueue the same repair twice.
     */
    public java.util.Optional<DriftReport> runExclusive() {
        if (db.dialect() != com.atlassecure.bot.config.DatabaseSettings.Dialect.POSTGRESQL) {
            return java.util.Optional.of(runOnce());
        }
        return db.withHandle(h -> {
            boolean mine = h.createQuery("SELECT pg_try_advisory_lock(" + LOCK_SPACE + ", hashtext(:node))")
                    .bind("node", node)
                    .mapTo(Boolean.class)
                    .one();
            if (!mine) {
                log.debug("event=drift_check_skipped node={} reason=another_replica", node);
                return java.util.Optional.<DriftReport>empty();
            }
            try {
                return java.util.Optional.of(runOnce());
            } finally {
                h.createQuery("SELECT pg_advisory_unlock(" + LOCK_SPACE + ", hashtext(:node))")
                        .bind("node", node)
                        .mapTo(Boolean.class)
                        .one();
            }
        });
    }

    /**
     * Checks the node once and repairs what differs; throws the client's error when the node cannot be read. A
     * draining node is not compared; once its grace period ends, its users' removals are written instead.
     */
    public DriftReport runOnce() {
        Instant now = clock.instant();
        if (!db.withHandle(h -> registry.isEnabled(h, node))) {
            int written = db.inTransaction(
                    h -> registry.drainDue(h, node, now) ? provisioning.removeAllFrom(h, node, now) : 0);
            log.info("event=drift_check node={} draining=true removal_jobs={}", node, written);
            return DriftReport.draining(node, written);
        }
        // Customers the bot holds no key for here (a job lost its node, a node came back) get one through the outbox.
        int backfilled = db.inTransaction(h -> provisioning.backfill(h, node, now));
        if (backfilled > 0) {
            log.info("event=node_backfill node={} jobs={}", node, backfilled);
        }
        Wanted wanted = wanted(now);
        ActiveUsersDigest ours = new ActiveUsersDigest();
        wanted.expiry().forEach(ours::add);
        UserDigest want = ours.finish();
        UserDigest held = api.digest();
        if (want.equals(held)) {
            log.debug("event=drift_check node={} in_sync=true users={}", node, held.count());
            db.useTransaction(h -> nodes.recordDrift(h, node, held.count(), 0));
            return DriftReport.inSync(node, held.count());
        }
        Map<String, Long> onNode = activeOnNode(now);
        List<Long> resync = new ArrayList<>();
        int missing = 0;
        int stale = 0;
        for (Map.Entry<String, Long> e : wanted.expiry().entrySet()) {
            Long heldExpiry = onNode.get(e.getKey());
            if (heldExpiry == null) {
                missing++;
                resync.add(wanted.customer().get(e.getKey()));
            } else if (!heldExpiry.equals(e.getValue())) {
                stale++;
                resync.add(wanted.customer().get(e.getKey()));
            }
        }
        List<String> extra = onNode.keySet().stream()
                .filter(uuid -> !wanted.expiry().containsKey(uuid))
                .toList();
        db.useTransaction(h -> {
            for (long userId : resync) {
                provisioning.resync(h, userId, node, now);
            }
        });
        boolean refused = extra.size() > MAX_REMOVALS_PER_RUN
                || (extra.size() > FEW_REMOVALS && extra.size() * 10L > held.count());
        int removed = refused ? 0 : remove(extra);
        DriftReport report = new DriftReport(
                node, want.count(), held.count(), false, missing, stale, extra.size(), removed, refused, false);
        long wrong = (long) missing + stale + extra.size();
        db.useTransaction(h -> nodes.recordDrift(h, node, held.count(), wrong));
        if (refused) {
            log.error(
                    "event=drift_removals_refused node={} extra={} max={} wanted={} held={} hint=\"the node holds"
                            + " more users than the bot wants: check the bot's database is current before removing\"",
                    node,
                    extra.size(),
                    MAX_REMOVALS_PER_RUN,
                    want.count(),
                    held.count());
        }
        log.info(
                "event=drift_repaired node={} wanted={} held={} missing={} stale={} extra={} removed={}",
                node,
                want.count(),
                held.count(),
                missing,
                stale,
                extra.size(),
                removed);
        return report;
    }

    /** The node's users with access now, by lowercase uuid: what its digest counts. */
    private Map<String, Long> activeOnNode(Instant now) {
        Map<String, Long> active = new HashMap<>();
        String after = null;
        do {
            UserPage page = api.page(after, PAGE);
            for (UserPageEntry u : page.users()) {
                if (u.state() == UserState.active
                        && (u.expiryTimestampMs() == 0 || u.expiryTimestampMs() > now.toEpochMilli())) {
                    active.put(u.uuid().toLowerCase(Locale.ROOT), u.expiryTimestampMs());
                }
            }
            after = page.nextAfter();
        } while (after != null);
        return active;
    }

    private int remove(List<String> extra) {
        int removed = 0;
        for (int from = 0; from < extra.size(); from += PAGE) {
            List<UserBatchItem> items = extra.subList(from, Math.min(extra.size(), from + PAGE)).stream()
                    .map(UserBatchItem::remove)
                    .toList();
            for (BatchOutcome o : api.batch(items)) {
                if (o instanceof BatchOutcome.Removed r && r.existed()) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
