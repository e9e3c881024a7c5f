package com.atlassecure.bot.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.apiclient.BatchOutcome;
import com.atlassecure.bot.apiclient.NodeSync;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.contract.users.ActiveUsersDigest;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.users.UserPageEntry;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift between the bot's database and a node is found by digest and repaired through the outbox or by removal. */
class DriftRepairTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    final FakeNode node = new FakeNode();
    Database db;
    Provisioning provisioning;
    NodeRegistry registry;
    DriftRepair repair;

    /** A node in memory that answers the sync routes as the API does: users by lowercase uuid. */
    static class FakeNode implements NodeSync {
        record Held(long expiryMs, UserState state) {}

        final TreeMap<String, Held> users = new TreeMap<>();
        int pages;

        void hold(String uuid, long expiryMs, UserState state) {
            users.put(uuid.toLowerCase(Locale.ROOT), new Held(expiryMs, state));
        }

        @Override
        public UserDigest digest() {
            ActiveUsersDigest d = new ActiveUsersDigest();
            users.forEach((uuid, h) -> {
                if (h.state() == UserState.active) {
                    d.add(uuid, h.expiryMs());
                }
            });
            return d.finish();
        }

        @Override
        public UserPage page(String after, int limit) {
            pages++;
            Map<String, Held> tail = after == null ? users : users.tailMap(after.toLowerCase(Locale.ROOT), false);
            List<UserPageEntry> page = new ArrayList<>();
            for (Map.Entry<String, Held> e : tail.entrySet()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(new UserPageEntry(
                        e.getKey(), e.getValue().expiryMs(), e.getValue().state()));
            }
            return new UserPage(
                    page, page.size() == limit ? page.get(page.size() - 1).uuid() : null);
        }

        @Override
        public List<BatchOutcome> batch(List<UserBatchItem> items) {
            List<BatchOutcome> out = new ArrayList<>();
            for (UserBatchItem item : items) {
                Held gone = users.remove(item.uuid().toLowerCase(Locale.ROOT));
                out.add(new BatchOutcome.Removed(item.uuid(), gone != null));
            }
            return out;
        }
    }

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite(dir);
        registry = new NodeRegistry(db, subscriptions, Duration.ofHours(24), clock);
        provisioning = new Provisioning(subscriptions, db.dialect(), registry);
        registry.register(
                List.of(new NodeSettings("de-1", "DE", java.net.URI.create("https://de1.example.test"))), provisioning);
        repair = new DriftRepair("de-1", node, db, subscriptions, provisioning, registry, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** A customer with access as the worker leaves them: provisioned, no job pending. */
    Subscription customer(long id, int days) {
        return db.inTransaction(h -> {
            new CustomerRepository().ensure(h, id, clock.instant());
            Subscription s = subscriptions.extend(h, id, days, clock.instant());
            subscriptions.recordProvisioned(
                    h, id, "de-1", s.requestedUuid(), "link-" + id, s.expiresAt(), clock.instant());
            return subscriptions.find(h, id).orElseThrow();
        });
    }

    int pendingFor(long id) {
        return db.withHandle(h -> provisioning.pendingFor(h, id)).size();
    }

    @Test
    void aNodeInSyncCostsOneDigestAndNoPage() {
        Subscription a = customer(1, 30);
        node.hold(a.uuid(), a.expiresAt().toEpochMilli(), UserState.active);

        DriftReport report = repair.runOnce();

        assertThat(report.inSync()).isTrue();
        assertThat(report.held()).isEqualTo(1);
        assertThat(node.pages).isZero();
        assertThat(repair.wantedDigest()).isEqualTo(node.digest());
    }

    @Test
    void missingAndStaleCustomersAreResyncedThroughTheOutboxAndUnwantedUsersRemoved() {
        Subscription stale = customer(1, 30);
        Subscription missing = customer(2, 30);
        Subscription lapsed = customer(3, 1);
        node.hold(stale.uuid(), stale.expiresAt().toEpochMilli() - 86_400_000L, UserState.active);
        String unknown = UUID.randomUUID().toString();
        node.hold(unknown, clock.instant().plus(Duration.ofDays(9)).toEpochMilli(), UserState.active);
        // The bot ended customer 3's access (a refund the node never heard of): the node still runs it 9 more days.
        node.hold(lapsed.uuid(), clock.instant().plus(Duration.ofDays(9)).toEpochMilli(), UserState.active);
        String sweptAlready = UUID.randomUUID().toString();
        node.hold(sweptAlready, clock.instant().minusSeconds(5).toEpochMilli(), UserState.expired);
        clock.advance(Duration.ofDays(2)); // customer 3's day is over in the bot

        DriftReport report = repair.runOnce();

        assertThat(report.inSync()).isFalse();
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.stale()).isEqualTo(1);
        assertThat(report.extra()).as("the unknown user and customer 3").isEqualTo(2);
        assertThat(report.removed()).isEqualTo(2);
        assertThat(pendingFor(1))
                .as("the stale expiry goes back through the outbox")
                .isEqualTo(1);
        assertThat(pendingFor(2)).as("the missing customer too").isEqualTo(1);
        assertThat(node.users).doesNotContainKeys(unknown, lapsed.uuid().toLowerCase(Locale.ROOT));
        assertThat(node.users).as("an expired row is history, not drift").containsKey(sweptAlready);
        assertThat(missing.uuid()).isNotNull();
    }

    @Test
    void aCustomerWithAJobAlreadyPendingGetsNoSecondOne() {
        Subscription missing = customer(1, 30);
        db.useTransaction(h -> provisioning.resync(h, 1, "de-1", clock.instant()));

        repair.runOnce();
        repair.runOnce();

        assertThat(pendingFor(1)).isEqualTo(1);
        assertThat(missing.hasKey()).isTrue();
    }

    @Test
    void aNewBotFacingAServerFullOfCustomersItDoesNotKnowRemovesNone() {
        customer(1, 30);
        for (int i = 0; i < 20; i++) {
            node.hold(
                    UUID.randomUUID().toString(),
                    clock.instant().plus(Duration.ofDays(3)).toEpochMilli(),
                    UserState.active);
        }

        DriftReport report = repair.runOnce();

        assertThat(report.extra()).isEqualTo(20);
        assertThat(report.removalsRefused())
                .as("20 of the node's 20 users are more than a tenth")
                .isTrue();
        assertThat(node.users).hasSize(20);
    }

    @Test
    void moreUnwantedUsersThanOneRunMayRemoveAreLeftForAPerson() {
        customer(1, 30);
        for (int i = 0; i <= DriftRepair.MAX_REMOVALS_PER_RUN; i++) {
            node.hold(
                    UUID.randomUUID().toString(),
                    clock.instant().plus(Duration.ofDays(3)).toEpochMilli(),
                    UserState.active);
        }

        DriftReport report = repair.runOnce();

        assertThat(report.removalsRefused()).isTrue();
        assertThat(report.removed()).isZero();
        assertThat(node.users).hasSize(DriftRepair.MAX_REMOVALS_PER_RUN + 1);
        assertThat(pendingFor(1)).as("the missing customer is still resynced").isEqualTo(1);
    }
}
