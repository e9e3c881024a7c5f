package com.atlassecure.bot.nodes;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a node's open {@code GET /health} and tells the admins once when it goes down ({@link #DOWN_AFTER} failed
 * polls in a row) and once when it answers again, never on every failed poll; on its return the jobs waiting for it
 * run at once instead of after their backoff. The state lives in the node's {@code nodes}
 * row (which {@link NodeRegistry} writes at start), so a restart or a second replica continues where the last poll left off and still alerts once.
 */
public final class NodeHealth {
    /** Failed polls in a row before a node counts as down: one lost packet is not an outage. */
    public static final int DOWN_AFTER = 3;
    /** How often a node that answers is polled. */
    public static final Duration EVERY_WHILE_UP = Duration.ofSeconds(10);
    /**
     * How often a node that did not answer its last poll is polled: its waiting jobs run as soon as it is seen again,
     * so a short interval here is what a customer waiting for that node feels.
     */
    public static final Duration EVERY_WHILE_FAILING = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(NodeHealth.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String node;
    private final URI health;
    private final Database db;
    private final NodeRepository nodes = new NodeRepository();
    private final CustomerRepository customers;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Set<Long> adminIds;
    private final Clock clock;
    private final Provisioning provisioning;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public NodeHealth(
            NodeSettings settings,
            Database db,
            CustomerRepository customers,
            TelegramGateway telegram,
            Messages messages,
            Set<Long> adminIds,
            Provisioning provisioning,
            Clock clock) {
        this.node = settings.name();
        this.provisioning = provisioning;
        String base = settings.url().toString();
        this.health = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/health");
        this.db = db;
        this.customers = customers;
        this.telegram = telegram;
        this.messages = messages;
        this.adminIds = Set.copyOf(adminIds);
        this.clock = clock;
    }

    /** The monotonic clock the poll intervals are measured on; tests pass their own. */
    private java.util.function.LongSupplier ticker = System::nanoTime;

    private volatile long lastPollNanos;
    private volatile boolean lastOk = true;
    private volatile boolean polled;

    /**
     * Polls when the node is due: {@link #EVERY_WHILE_UP} after its last answer, {@link #EVERY_WHILE_FAILING} after a
     * failed poll. The timer calls this often; it measures its own intervals on the monotonic clock.
     */
    public void pollIfDue() {
        Duration every = lastOk ? EVERY_WHILE_UP : EVERY_WHILE_FAILING;
        if (!polled || ticker.getAsLong() - lastPollNanos >= every.toNanos()) {
            pollOnce();
        }
    }

    /** Measures the poll intervals on {@code nanos} instead of {@link System#nanoTime()}. */
    NodeHealth withTicker(java.util.function.LongSupplier nanos) {
        this.ticker = nanos;
        return this;
    }

    /** One poll; returns whether the node answered healthy. */
    public boolean pollOnce() {
        boolean ok = healthy();
        lastPollNanos = ticker.getAsLong();
        lastOk = ok;
        polled = true;
        Instant now = clock.instant();
        NodeRepository.Transition change = db.inTransaction(h -> nodes.recordPoll(h, node, ok, DOWN_AFTER, now));
        if (change == NodeRepository.Transition.WENT_DOWN) {
            log.error("event=node_down node={} failed_polls={}", node, DOWN_AFTER);
            alert("admin.node_down");
        } else if (change == NodeRepository.Transition.RECOVERED) {
            // Jobs that failed while it was down back off for up to minutes; they can run now. Customers placed while
            // it
            // was down were placed elsewhere only: it gets them now.
            int due = db.inTransaction(h -> provisioning.retryNow(h, node, now));
            int backfilled = db.inTransaction(h -> provisioning.backfill(h, node, now));
            log.info("event=node_up node={} jobs_due_now={} backfilled={}", node, due, backfilled);
            alert("admin.node_up");
        }
        return ok;
    }

    private boolean healthy() {
        HttpRequest request =
                HttpRequest.newBuilder(health).timeout(TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            log.debug(
                    "event=node_poll_failed node={} error={}",
                    node,
                    e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void alert(String key) {
        for (long admin : adminIds) {
            try {
                Language language = db.withHandle(h -> customers.language(h, admin));
                telegram.sendText(admin, messages.get(language, key, "node", node, "polls", DOWN_AFTER), Keyboard.NONE);
            } catch (RuntimeException e) {
                log.warn("event=node_alert_failed node={} admin={} error=\"{}\"", node, admin, e.getMessage());
            }
        }
    }
}
