package com.atlassecure.bot.nodes;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.PendingJobs;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The admins' {@code /nodes} and {@code /node drain|enable NAME}: each node's name, country, health, state, users,
 * drift and the jobs waiting for it, and the commands that take a node out of the fleet and back.
 */
public final class NodeStatus {
    private final Database db;
    private final NodeRepository nodes = new NodeRepository();
    private final Messages messages;
    private final Provisioning provisioning;
    private final NodeRegistry registry;
    private final Clock clock;

    NodeStatus(Database db, Messages messages, Provisioning provisioning, NodeRegistry registry, Clock clock) {
        this.db = db;
        this.messages = messages;
        this.provisioning = provisioning;
        this.registry = registry;
        this.clock = clock;
    }

    public String render(Language lang) {
        List<NodeRow> rows = db.withHandle(nodes::list);
        Map<String, PendingJobs> waiting = db.withHandle(provisioning::pendingByNode);
        Instant now = clock.instant();
        StringBuilder text = new StringBuilder(messages.get(lang, "admin.nodes_title", "count", rows.size()));
        for (NodeRow n : rows) {
            PendingJobs jobs = waiting.get(n.name());
            text.append('\n')
                    .append(messages.get(
                            lang,
                            "admin.nodes_row",
                            "name",
                            n.name(),
                            "country",
                            n.country(),
                            "health",
                            n.health(),
                            "state",
                            messages.get(lang, "admin.node_state_" + n.state()),
                            "users",
                            n.users() == null ? "?" : Long.toString(n.users()),
                            "drift",
                            n.drift() == null ? "?" : Long.toString(n.drift()),
                            "jobs",
                            jobs == null
                                    ? messages.get(lang, "admin.nodes_no_jobs")
                                    : messages.get(
                                            lang,
                                            "admin.nodes_jobs",
                                            "count",
                                            jobs.count(),
                                            "seconds",
                                            Math.max(
                                                    0,
                                                    Duration.between(jobs.oldestSince(), now)
                                                            .toSeconds()))));
        }
        return text.toString();
    }

    /** Answers {@code /node drain NAME} or {@code /node enable NAME} ({@code args} is what follows /node). */
    public String command(Language lang, String args) {
        String[] words = args == null ? new String[0] : args.strip().split("\\s+");
        if (words.length != 2 || !(words[0].equals("drain") || words[0].equals("enable"))) {
            return messages.get(lang, "admin.node_usage");
        }
        NodeRegistry.Change change = words[0].equals("drain") ? registry.drain(words[1]) : registry.enable(words[1]);
        if (change instanceof NodeRegistry.Change.Unknown u) {
            return messages.get(lang, "admin.node_unknown", "name", u.node(), "names", String.join(", ", u.known()));
        }
        if (change instanceof NodeRegistry.Change.LastEnabled l) {
            return messages.get(lang, "admin.node_last_enabled", "name", l.node());
        }
        NodeRegistry.Change.Done done = (NodeRegistry.Change.Done) change;
        return words[0].equals("drain")
                ? messages.get(
                        lang,
                        "admin.node_drained",
                        "name",
                        done.node(),
                        "hours",
                        registry.drainGrace().toHours())
                : messages.get(lang, "admin.node_enabled", "name", done.node(), "jobs", done.jobs());
    }
}
