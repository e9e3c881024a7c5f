package com.atlassecure.bot.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Placement;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.bot.support.FaultServer.Reply;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's health is polled; the admins hear once when it goes down and once when it is back, never per poll. */
class NodeHealthTest {
    static final long ADMIN = 9001;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final RecordingTelegram telegram = new RecordingTelegram();
    final Messages messages = Messages.load();
    final AtomicBoolean up = new AtomicBoolean(true);
    FaultServer node;
    Database db;

    @BeforeEach
    void setUp() throws Exception {
        node = new FaultServer();
        node.script(
                r -> up.get() ? Reply.status(200, "{\"status\":\"ok\"}") : Reply.status(503, "{\"status\":\"fail\"}"));
        db = TestDatabases.sqlite(dir);
        db.useTransaction(h -> new CustomerRepository().upsert(h, ADMIN, Language.EN, "Op", null, clock.instant()));
    }

    @AfterEach
    void tearDown() {
        db.close();
        node.close();
    }

    NodeHealth replica() {
        return replica("de-1");
    }

    NodeHealth replica(String name) {
        return replica(
                name, new Provisioning(new SubscriptionRepository(), db.dialect(), Placement.fixed(List.of(name))));
    }

    /** As each bot replica builds it; the registry has written the node's row at start. */
    NodeHealth replica(String name, Provisioning provisioning) {
        db.useTransaction(
                h -> new NodeRepository().register(h, name, "DE", node.url().toString(), clock.instant()));
        return new NodeHealth(
                new NodeSettings(name, "DE", node.url()),
                db,
                new CustomerRepository(),
                telegram,
                messages,
                Set.of(ADMIN),
                provisioning,
                clock);
    }

    long alerts(String key) {
        String text = messages.get(Language.EN, key, "node", "de-1", "polls", NodeHealth.DOWN_AFTER);
        return telegram.to(ADMIN).stream().filter(s -> text.equals(s.text())).count();
    }

    @Test
    void twoReplicasPollingOneNodeSendOneDownAndOneRecoveredAlert() {
        NodeHealth a = replica();
        NodeHealth b = replica();
        assertThat(a.pollOnce()).isTrue();

        up.set(false);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(30));
            (i % 2 == 0 ? a : b).pollOnce();
        }
        up.set(true);
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? a : b).pollOnce();
        }

        assertThat(alerts("admin.node_down")).isEqualTo(1);
        assertThat(alerts("admin.node_up")).isEqualTo(1);
        assertThat(telegram.to(ADMIN)).hasSize(2);
    }

    @Test
    void fewerFailedPollsThanTheThresholdAlertNobody() {
        NodeHealth health = replica();
        health.pollOnce();
        up.set(false);
        for (int i = 1; i < NodeHealth.DOWN_AFTER; i++) {
            assertThat(health.pollOnce()).isFalse();
        }
        up.set(true);
        health.pollOnce();

        assertThat(telegram.to(ADMIN)).isEmpty();
    }

    @Test
    void aNodeThatNeverAnsweredIsDownAndTheFirstAnswerIsNoRecoveryBeforeThat() {
        up.set(false);
        NodeHealth health = replica();
        for (int i = 0; i < NodeHealth.DOWN_AFTER; i++) {
            health.pollOnce();
        }
        assertThat(alerts("admin.node_down")).isEqualTo(1);

        NodeHealth fresh = replica("nl-1");
        up.set(true);
        fresh.pollOnce();
        assertThat(telegram.to(ADMIN))
                .as("nl-1 was never down, so its first answer is no recovery")
                .hasSize(1);
    }

    @Test
    void jobsBackedOffWhileTheNodeWasDownRunAtOnceWhenItAnswersAgain() {
        SubscriptionRepository subscriptions = new SubscriptionRepository();
        Provisioning provisioning = new Provisioning(subscriptions, db.dialect(), Placement.fixed(List.of("de-1")));
        NodeHealth health = replica("de-1", provisioning);
        db.useTransaction(h -> {
            new CustomerRepository().ensure(h, 77, clock.instant());
            provisioning.extend(h, 77, 30, null, clock.instant());
            // As the worker leaves a job after several failures: due again only in ten minutes.
            h.execute(
                    "UPDATE outbox_jobs SET run_at = ?",
                    clock.instant().plus(Duration.ofMinutes(10)).toEpochMilli());
        });
        up.set(false);
        for (int i = 0; i < NodeHealth.DOWN_AFTER; i++) {
            health.pollOnce();
        }
        clock.advance(Duration.ofSeconds(40));
        assertThat(runAtOfTheJob(provisioning)).isAfter(clock.instant());

        up.set(true);
        health.pollOnce();

        assertThat(runAtOfTheJob(provisioning)).isEqualTo(clock.instant());
    }

    java.time.Instant runAtOfTheJob(Provisioning provisioning) {
        return db.withHandle(h -> provisioning.pendingFor(h, 77)).get(0).runAt();
    }

    @Test
    void nodesListsHealthUsersDriftAndTheOldestWaitingJob() {
        NodeHealth health = replica();
        health.pollOnce();
        SubscriptionRepository subscriptions = new SubscriptionRepository();
        NodeRegistry registry = new NodeRegistry(db, subscriptions, Duration.ofHours(24), clock);
        Provisioning provisioning = new Provisioning(subscriptions, db.dialect(), registry);
        registry.register(List.of(new NodeSettings("de-1", "DE", node.url())), provisioning);
        db.useTransaction(h -> {
            new CustomerRepository().ensure(h, 77, clock.instant());
            provisioning.extend(h, 77, 30, null, clock.instant());
        });
        db.useTransaction(h -> new NodeRepository().recordDrift(h, "de-1", 41, 2));
        clock.advance(Duration.ofSeconds(90));

        String text = new NodeStatus(db, messages, provisioning, registry, clock).render(Language.EN);

        assertThat(text)
                .contains("Nodes: 1")
                .contains("de-1 (DE): up · enabled")
                .contains("1 jobs waiting, the oldest for 90 s")
                .contains("users 41")
                .contains("drift 2");
    }

    @Test
    void aNodeThatIsDownGetsNoNewCustomerAndIsBackfilledWhenItAnswers() {
        SubscriptionRepository subscriptions = new SubscriptionRepository();
        NodeRegistry registry = new NodeRegistry(db, subscriptions, Duration.ofHours(24), clock);
        Provisioning provisioning = new Provisioning(subscriptions, db.dialect(), registry);
        registry.register(
                List.of(
                        new NodeSettings("de-1", "DE", node.url()),
                        new NodeSettings("nl-1", "NL", java.net.URI.create("https://nl1.example.test"))),
                provisioning);
        NodeHealth health = replica("de-1", provisioning);
        up.set(false);
        for (int i = 0; i < NodeHealth.DOWN_AFTER; i++) {
            health.pollOnce();
        }
        db.useTransaction(h -> {
            new CustomerRepository().ensure(h, 77, clock.instant());
            provisioning.extend(h, 77, 30, null, clock.instant());
        });
        assertThat(db.<List<com.atlassecure.bot.provisioning.OutboxJob>>withHandle(h -> provisioning.pendingFor(h, 77)))
                .extracting(com.atlassecure.bot.provisioning.OutboxJob::node)
                .as("de-1 is down: the payment is placed on nl-1 only")
                .containsExactly("nl-1");

        up.set(true);
        health.pollOnce();

        assertThat(db.<List<com.atlassecure.bot.provisioning.OutboxJob>>withHandle(h -> provisioning.pendingFor(h, 77)))
                .extracting(com.atlassecure.bot.provisioning.OutboxJob::node)
                .as("de-1 answers again and is backfilled")
                .containsExactlyInAnyOrder("nl-1", "de-1");
    }

    @Test
    void aNodeThatAnswersIsPolledEveryTenSecondsAndOneThatFailedEveryTwo() {
        long[] now = {0};
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        node.script(r -> {
            polls.incrementAndGet();
            return up.get() ? Reply.status(200, "{\"status\":\"ok\"}") : Reply.status(503, "{\"status\":\"fail\"}");
        });
        NodeHealth health = replica().withTicker(() -> now[0]);

        health.pollIfDue();
        now[0] += Duration.ofSeconds(9).toNanos();
        health.pollIfDue();
        assertThat(polls).as("answered: the next poll is 10 s after the last").hasValue(1);
        now[0] += Duration.ofSeconds(1).toNanos();
        up.set(false);
        health.pollIfDue();
        assertThat(polls).hasValue(2);

        now[0] += Duration.ofSeconds(2).toNanos();
        health.pollIfDue();
        now[0] += Duration.ofSeconds(1).toNanos();
        health.pollIfDue();
        assertThat(polls).as("failing: polled again 2 s later, not 10").hasValue(3);
    }
}
