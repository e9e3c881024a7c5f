package com.atlassecure.bot.nodes;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** The admins' {@code /nodes}: each node's name, country, health, users, drift and the oldest job waiting for it. */
public final class NodeStatus {
    private final Database db;
    private final NodeRepository nodes = new NodeRepository();
    private final Messages messages;
    private final Function<Handle, Instant> oldestPendingJob;
    private final Clock clock;

    public NodeStatus(Database db, Messages messages, Function<Handle, Instant> oldestPendingJob, Clock clock) {
        this.db = db;
        this.messages = messages;
        this.oldestPendingJob = oldestPendingJob;
        this.clock = clock;
    }

    public String render(Language lang) {
        List<NodeRow> rows = db.withHandle(nodes::list);
        Instant oldest = db.withHandle(oldestPendingJob::apply);
        String waiting = oldest == null
                ? messages.get(lang, "admin.nodes_no_jobs")
                : messages.get(
                        lang,
                        "admin.nodes_oldest_job",
                        "seconds",
                        Math.max(0, Duration.between(oldest, clock.instant()).toSeconds()));
        StringBuilder text = new StringBuilder(messages.get(lang, "admin.nodes_title", "count", rows.size()));
        for (NodeRow n : rows) {
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
                            "users",
                            n.users() == null ? "?" : Long.toString(n.users()),
                            "drift",
                            n.drift() == null ? "?" : Long.toString(n.drift()),
                            "jobs",
                            waiting));
        }
        return text.toString();
    }
}
