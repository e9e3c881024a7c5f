package com.atlassecure.bot.nodes;

import com.atlassecure.bot.apiclient.NodeSync;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bot keeps watching on each node of its fleet: health and drift from the database, each node on its own so
 * that one node's failure never skips another's check, and {@code /nodes}.
 */
public final class NodeWatch {
    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);

    private final Map<String, DriftRepair> drift = new LinkedHashMap<>();
    private final Map<String, NodeHealth> health = new LinkedHashMap<>();
    private final NodeStatus status;
    private final NodeRegistry registry;

    public NodeWatch(
            List<NodeSettings> fleet,
            Map<String, ? extends NodeSync> apis,
            NodeRegistry registry,
            Database db,
            SubscriptionRepository subscriptions,
            Provisioning provisioning,
            CustomerRepository customers,
            TelegramGateway telegram,
            Messages messages,
            Set<Long> adminIds,
            Clock clock) {
        this.registry = registry;
        for (NodeSettings node : fleet) {
            NodeSync api = apis.get(node.name());
            if (api == null) {
                throw new IllegalArgumentException("node " + node.name() + " has no API client");
            }
            health.put(
                    node.name(),
                    new NodeHealth(node, db, customers, telegram, messages, adminIds, provisioning, clock));
            drift.put(node.name(), new DriftRepair(node.name(), api, db, subscriptions, provisioning, registry, clock));
        }
        this.status = new NodeStatus(db, messages, provisioning, registry, clock);
    }

    public DriftRepair drift(String node) {
        return require(drift, node);
    }

    public NodeHealth health(String node) {
        return require(health, node);
    }

    private static <T> T require(Map<String, T> map, String node) {
        T found = map.get(node);
        if (found == null) {
            throw new IllegalArgumentException("no node named " + node + " (nodes: " + map.keySet() + ")");
        }
        return found;
    }

    /**
     * One drift check of every node that no other replica is checking; a node that cannot be read is logged and the
     * others are still checked.
     */
    public void checkDrift() {
        drift.forEach((name, repair) -> {
            try {
                repair.runExclusive();
            } catch (RuntimeException e) {
                log.warn("event=drift_check_failed node={} error=\"{}\"", name, e.getMessage());
            }
        });
    }

    /** A health poll of every node that is due one (see {@link NodeHealth#pollIfDue}). */
    public void pollHealth() {
        health.values().forEach(NodeHealth::pollIfDue);
    }

    public NodeRegistry registry() {
        return registry;
    }

    public NodeStatus status() {
        return status;
    }
}
