package com.atlassecure.bot.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.provisioning.OutboxJob;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.provisioning.ProvisioningWorker;
import com.atlassecure.bot.provisioning.TestWorkers;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.time.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every customer with access on every enabled node (design principle 11), one job per (customer, node): a node that is
 * down holds up no other, the customer hears once, a drained node takes no one new and loses its users after the
 * grace period, and a node added or enabled again is backfilled.
 */
class FleetPlacementTest {
    static final long ANN = 5001;
    static final long BOB = 5002;
    static final Duration GRACE = Duration.ofHours(24);

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final RecordingTelegram telegram = new RecordingTelegram();
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    final Map<String, ScriptedXrayApi> apis = new LinkedHashMap<>();
    Database db;
    NodeRegistry registry;
    Provisioning provisioning;
    ProvisioningWorker worker;

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite(dir);
        db.useTransaction(h -> {
            new CustomerRepository().upsert(h, ANN, Language.EN, "Ann", null, clock.instant());
            new CustomerRepository().upsert(h, BOB, Language.EN, "Bob", null, clock.instant());
        });
        start("de-1", "nl-1");
    }

    /** What a bot start does with these nodes in its settings. */
    void start(String... names) {
        List<NodeSettings> fleet = new java.util.ArrayList<>();
        for (String name : names) {
            apis.computeIfAbsent(name, n -> new ScriptedXrayApi(n + ".example.test"));
            fleet.add(new NodeSettings(name, "DE", URI.create("https://" + name + ".example.test")));
        }
        registry = new NodeRegistry(db, subscriptions, GRACE, clock);
        provisioning = new Provisioning(subscriptions, db.dialect(), registry);
        registry.register(fleet, provisioning);
        Map<String, ScriptedXrayApi> configured = new LinkedHashMap<>();
        for (String name : names) {
            configured.put(name, apis.get(name));
        }
        worker = TestWorkers.worker(db, provisioning, configured, telegram, Set.of(), clock, true);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    Subscription pay(long user, int days) {
        return db.inTransaction(h -> provisioning.extend(h, user, days, "payment.pending", clock.instant()));
    }

    Subscription stored(long user) {
        return db.withHandle(h -> subscriptions.find(h, user)).orElseThrow();
    }

    List<OutboxJob> pending(long user) {
        return db.withHandle(h -> provisioning.pendingFor(h, user));
    }

    long keyMessages(long user) {
        return telegram.to(user).stream().filter(s -> s.monospace() != null).count();
    }

    @Test
    void aPaymentPutsTheSameUuidOnEveryNodeAndStoresEachNodesOwnLink() {
        Subscription paid = pay(ANN, 30);

        assertThat(pending(ANN)).extracting(OutboxJob::node).containsExactly("de-1", "nl-1");
        assertThat(pending(ANN))
                .extracting(OutboxJob::changeId)
                .containsOnly(pending(ANN).get(0).id());
        worker.runOnce();

        Subscription after = stored(ANN);
        assertThat(after.keys()).extracting(NodeKey::node).containsExactly("de-1", "nl-1");
        assertThat(after.keyOn("de-1").orElseThrow().vlessLink())
                .isEqualTo(apis.get("de-1").link(paid.requestedUuid()));
        assertThat(after.keyOn("nl-1").orElseThrow().vlessLink())
                .isEqualTo(apis.get("nl-1").link(paid.requestedUuid()));
        assertThat(apis.get("de-1").expiryOf(paid.requestedUuid()))
                .contains(paid.expiresAt().toEpochMilli());
        assertThat(apis.get("nl-1").expiryOf(paid.requestedUuid()))
                .contains(paid.expiresAt().toEpochMilli());
        assertThat(after.inSync()).isTrue();
        assertThat(keyMessages(ANN))
                .as("one key message for one payment, however many nodes")
                .isEqualTo(1);
    }

    @Test
    void aNodeThatIsDownHoldsUpNoOtherAndTheCustomerIsToldOnce() {
        apis.get("de-1").down = true;
        Subscription paid = pay(ANN, 30);

        worker.runOnce("de-1");
        assertThat(telegram.to(ANN))
                .as("de-1 failed first and no node had answered: 'on its way', once")
                .hasSize(1);
        worker.runOnce("nl-1");

        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("nl-1");
        assertThat(keyMessages(ANN))
                .as("the key works on nl-1, so the customer has it")
                .isEqualTo(1);
        clock.advance(Duration.ofMinutes(15));
        worker.runOnce("de-1");
        assertThat(telegram.to(ANN))
                .as("the notice, the key and its QR code; no second notice for later failures")
                .hasSize(3);
        assertThat(pending(ANN)).extracting(OutboxJob::node).containsExactly("de-1");

        apis.get("de-1").down = false;
        db.useTransaction(h -> provisioning.retryNow(h, "de-1", clock.instant()));
        worker.runOnce();

        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("de-1", "nl-1");
        assertThat(apis.get("de-1").expiryOf(paid.requestedUuid()))
                .contains(paid.expiresAt().toEpochMilli());
        assertThat(keyMessages(ANN)).as("de-1 catching up sends nothing more").isEqualTo(1);
    }

    @Test
    void aDrainedNodeTakesNoNewCustomerKeepsItsOwnThroughTheGraceAndThenLosesThem() {
        Subscription ann = pay(ANN, 30);
        worker.runOnce();

        assertThat(registry.drain("nl-1")).isInstanceOf(NodeRegistry.Change.Done.class);
        Subscription bob = pay(BOB, 30);
        worker.runOnce();
        assertThat(stored(BOB).keys()).extracting(NodeKey::node).containsExactly("de-1");
        assertThat(apis.get("nl-1").expiryOf(bob.requestedUuid())).isEmpty();

        pay(ANN, 30); // a renewal during the grace still reaches the node that serves Ann now
        worker.runOnce();
        assertThat(apis.get("nl-1").expiryOf(ann.requestedUuid()))
                .contains(stored(ANN).expiresAt().toEpochMilli());

        DriftRepair nl = new DriftRepair("nl-1", null, db, subscriptions, provisioning, registry, clock);
        assertThat(nl.runOnce().removed())
                .as("within the grace nothing is removed")
                .isZero();
        clock.advance(GRACE.plusMinutes(1));
        DriftReport report = nl.runOnce();
        assertThat(report.draining()).isTrue();
        assertThat(report.removed()).as("one removal job per customer it holds").isEqualTo(1);
        worker.runOnce();

        assertThat(apis.get("nl-1").expiryOf(ann.requestedUuid())).isEmpty();
        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("de-1");
        assertThat(apis.get("de-1").expiryOf(ann.requestedUuid())).isPresent();
    }

    @Test
    void enablingADrainedNodeBackfillsEveryCustomerItLacks() {
        registry.drain("nl-1");
        pay(ANN, 30);
        pay(BOB, 30);
        worker.runOnce();

        NodeRegistry.Change change = registry.enable("nl-1");
        worker.runOnce();

        assertThat(change).isEqualTo(new NodeRegistry.Change.Done("nl-1", 2));
        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("de-1", "nl-1");
        assertThat(stored(BOB).keys()).extracting(NodeKey::node).containsExactly("de-1", "nl-1");
        assertThat(keyMessages(ANN)).as("a backfill sends no message").isEqualTo(1);
    }

    @Test
    void theLastEnabledNodeCannotBeDrainedAndAnUnknownNameIsNamedBack() {
        registry.drain("nl-1");

        assertThat(registry.drain("de-1")).isEqualTo(new NodeRegistry.Change.LastEnabled("de-1"));
        assertThat(registry.drain("fr-1")).isEqualTo(new NodeRegistry.Change.Unknown("fr-1", List.of("de-1", "nl-1")));
    }

    @Test
    void aNodeAddedToTheSettingsIsBackfilledAtStartAndARemovedOnesKeysAreDropped() {
        pay(ANN, 30);
        pay(BOB, 1);
        worker.runOnce();
        clock.advance(Duration.ofDays(2)); // Bob's access is over: he is not backfilled

        start("de-1", "fr-1");
        worker.runOnce();

        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("de-1", "fr-1");
        assertThat(apis.get("fr-1").expiryOf(stored(ANN).requestedUuid())).isPresent();
        assertThat(apis.get("fr-1").expiryOf(stored(BOB).requestedUuid())).isEmpty();
        assertThat(db.<List<String>>withHandle(h -> registry.enabled(h))).containsExactly("de-1", "fr-1");
    }

    @Test
    void aFleetOfOneRenamedNodeKeepsItsKeysAndOldJobsAreFannedOutToTheFleet() {
        start("main");
        pay(ANN, 30);
        worker.runOnce();
        db.useTransaction(h -> {
            // A job written by a bot before the fleet: no node named.
            h.execute(
                    "INSERT INTO outbox_jobs (user_id, node, kind, deliver_key, run_at, created_at) VALUES (?, '',"
                            + " 'PROVISION', 1, ?, ?)",
                    BOB,
                    clock.instant().toEpochMilli(),
                    clock.instant().toEpochMilli());
            subscriptions.extend(h, BOB, 30, clock.instant());
        });

        start("de-9");

        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("de-9");
        assertThat(pending(ANN)).as("Ann's key was adopted, not re-provisioned").isEmpty();
        assertThat(pending(BOB)).extracting(OutboxJob::node).containsExactly("de-9");
        worker.runOnce();
        assertThat(stored(BOB).keys()).extracting(NodeKey::node).containsExactly("de-9");
        assertThat(keyMessages(BOB))
                .as("the fanned-out job still delivers the key")
                .isEqualTo(1);
    }

    @Test
    void whenEveryNodeIsDownAPaymentWaitsOnAllOfThemAndTheKeyComesFromTheFirstToReturn() {
        db.useTransaction(h -> {
            for (String node : List.of("de-1", "nl-1")) {
                for (int i = 0; i < NodeHealth.DOWN_AFTER; i++) {
                    new NodeRepository().recordPoll(h, node, false, NodeHealth.DOWN_AFTER, clock.instant());
                }
            }
        });
        apis.get("de-1").down = true;
        apis.get("nl-1").down = true;

        pay(ANN, 30);
        assertThat(pending(ANN)).extracting(OutboxJob::node).containsExactly("de-1", "nl-1");
        worker.runOnce();
        apis.get("nl-1").down = false;
        clock.advance(Duration.ofMinutes(15));
        worker.runOnce();

        assertThat(stored(ANN).keys()).extracting(NodeKey::node).containsExactly("nl-1");
        assertThat(keyMessages(ANN)).as("the key from the first node to return").isEqualTo(1);
    }
}
