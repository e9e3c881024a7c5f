package com.atlassecure.bot.nodes;

import com.atlassecure.bot.provisioning.Placement;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as the bot places customers on it: which nodes are in the settings, which take customers (enabled) and
 * which are draining. At start it brings the {@code nodes} table in line with the settings, in one transaction: a node
 * new to the fleet is backfilled with every customer who has access, a node gone from the settings is retired and its
 * stored keys are dropped (a fleet of one renamed node keeps them), and jobs written before the fleet are fanned out.
 * {@code /node drain} and {@code /node enable} change a node's state here; the drift check carries them out.
 */
public final class NodeRegistry implements Placement {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    /** What {@link #drain} and {@link #enable} answer. */
    public sealed interface Change {
        record Done(String node, int jobs) implements Change {}

        record Unknown(String node, List<String> known) implements Change {}

        record LastEnabled(String node) implements Change {}
    }

    private final Database db;
    private final NodeRepository nodes = new NodeRepository();
    private final SubscriptionRepository subscriptions;
    private final Duration drainGrace;
    private final Clock clock;
    private volatile Provisioning provisioning;

    public NodeRegistry(Database db, SubscriptionRepository subscriptions, Duration drainGrace, Clock clock) {
        this.db = db;
        this.subscriptions = subscriptions;
        this.drainGrace = drainGrace;
        this.clock = clock;
    }

    public Duration drainGrace() {
        return drainGrace;
    }

    /**
     * Brings the table in line with the settings; {@code provisioning} must be the facade built on this placement.
     * Returns the nodes that were backfilled.
     */
    public List<String> register(List<NodeSettings> fleet, Provisioning provisioning) {
        this.provisioning = provisioning;
        Instant now = clock.instant();
        Set<String> names = fleet.stream().map(NodeSettings::name).collect(Collectors.toCollection(TreeSet::new));
        return db.inTransaction(h -> {
            List<String> fresh = new java.util.ArrayList<>();
            for (NodeSettings node : fleet) {
                if (nodes.register(h, node.name(), node.country(), base(node), now)) {
                    fresh.add(node.name());
                }
            }
            List<String> leaving = nodes.retireAllBut(h, names);
            adoptOrDropKeys(h, names);
            for (String gone : leaving) {
                log.warn("event=node_retired node={} hint=\"no longer in the settings\"", gone);
            }
            int fanned = provisioning.adoptLegacyJobs(h, now);
            if (fanned > 0) {
                log.info("event=legacy_jobs_fanned_out jobs={} nodes={}", fanned, enabled(h));
            }
            for (String node : fresh) {
                if (enabled(h).contains(node)) {
                    int jobs = provisioning.backfill(h, node, now);
                    log.info("event=node_backfill node={} jobs={}", node, jobs);
                }
            }
            return List.copyOf(fresh);
        });
    }

    /**
     * Keys stored for a node that is not in the settings: when the fleet is one node and the keys one other node
     * (the old settings' "main", renamed), they are the same server's and move to the new name; otherwise that node
     * is gone and its keys with it (the nodes that remain are backfilled).
     */
    private void adoptOrDropKeys(Handle h, Set<String> names) {
        List<String> stray = subscriptions.nodesWithKeys(h).stream()
                .filter(n -> !names.contains(n))
                .toList();
        if (stray.size() == 1
                && names.size() == 1
                && subscriptions.nodesWithKeys(h).size() == 1) {
            String to = names.iterator().next();
            int moved = subscriptions.renameNode(h, stray.get(0), to);
            log.info("event=node_keys_adopted from={} to={} keys={}", stray.get(0), to, moved);
            return;
        }
        for (String node : stray) {
            int dropped = subscriptions.dropKeysOf(h, node);
            log.warn("event=node_keys_dropped node={} keys={}", node, dropped);
        }
    }

    private static String base(NodeSettings node) {
        return node.url().toString();
    }

    @Override
    public List<String> enabled(Handle h) {
        return nodes.namesIn(h, NodeRepository.ENABLED);
    }

    @Override
    public List<String> accepting(Handle h) {
        List<String> up = nodes.acceptingNames(h);
        return up.isEmpty() ? enabled(h) : up;
    }

    @Override
    public boolean keeps(Handle h, String node, Instant now) {
        return nodes.find(h, node)
                .map(row -> NodeRepository.ENABLED.equals(row.state())
                        || (NodeRepository.DRAINING.equals(row.state())
                                && row.drainedAt() != null
                                && now.isBefore(row.drainedAt().plus(drainGrace))))
                .orElse(false);
    }

    /** Whether {@code node}'s drain has run past its grace period, so its users go. */
    boolean drainDue(Handle h, String node, Instant now) {
        Optional<NodeRow> row = nodes.find(h, node);
        return row.isPresent() && NodeRepository.DRAINING.equals(row.get().state()) && !keeps(h, node, now);
    }

    boolean isEnabled(Handle h, String node) {
        return enabled(h).contains(node);
    }

    /** {@code /node drain NAME}: no new customers from now, users removed after the grace period. */
    public Change drain(String node) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<NodeRow> row = nodes.find(h, node);
            if (row.isEmpty() || NodeRepository.RETIRED.equals(row.get().state())) {
                return new Change.Unknown(node, names(h));
            }
            if (NodeRepository.DRAINING.equals(row.get().state())) {
                return new Change.Done(node, 0);
            }
            if (enabled(h).equals(List.of(node))) {
                return new Change.LastEnabled(node);
            }
            nodes.setState(h, node, NodeRepository.DRAINING, now);
            log.warn("event=node_draining node={} grace_s={}", node, drainGrace.toSeconds());
            return new Change.Done(node, 0);
        });
    }

    /** {@code /node enable NAME}: undoes a drain and backfills every customer the node lacks. */
    public Change enable(String node) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<NodeRow> row = nodes.find(h, node);
            if (row.isEmpty() || NodeRepository.RETIRED.equals(row.get().state())) {
                return new Change.Unknown(node, names(h));
            }
            nodes.setState(h, node, NodeRepository.ENABLED, now);
            int jobs = provisioning.backfill(h, node, now);
            log.info("event=node_enabled node={} backfill_jobs={}", node, jobs);
            return new Change.Done(node, jobs);
        });
    }

    private List<String> names(Handle h) {
        return nodes.list(h).stream().map(NodeRow::name).toList();
    }
}
