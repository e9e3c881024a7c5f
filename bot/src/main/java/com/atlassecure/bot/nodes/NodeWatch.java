package com.atlassecure.bot.nodes;

import com.atlassecure.bot.apiclient.NodeSync;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.util.Set;

/** What the bot keeps watching on its node: the node's health, its drift from the database, and /nodes. */
public final class NodeWatch {
    private final DriftRepair drift;
    private final NodeHealth health;
    private final NodeStatus status;

    public NodeWatch(
            NodeSettings node,
            NodeSync api,
            Database db,
            SubscriptionRepository subscriptions,
            Provisioning provisioning,
            CustomerRepository customers,
            TelegramGateway telegram,
            Messages messages,
            Set<Long> adminIds,
            Clock clock) {
        // NodeHealth registers the node's row first: the drift check and /nodes write and read it.
        this.health = new NodeHealth(node, db, customers, telegram, messages, adminIds, provisioning, clock);
        this.drift = new DriftRepair(node.name(), api, db, subscriptions, provisioning, clock);
        this.status = new NodeStatus(db, messages, provisioning::oldestPendingSince, clock);
    }

    public DriftRepair drift() {
        return drift;
    }

    public NodeHealth health() {
        return health;
    }

    public NodeStatus status() {
        return status;
    }
}
