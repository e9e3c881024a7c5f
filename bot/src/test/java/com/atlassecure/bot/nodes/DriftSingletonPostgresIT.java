package com.atlassecure.bot.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.time.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two bot replicas on one PostgreSQL never check the same node at once: the second skips while the first holds the
 * node's advisory lock, and checks again once it is released; another node is not held up.
 */
class DriftSingletonPostgresIT {
    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    PostgresFixture fixture;
    Database replicaA;
    Database replicaB;
    final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() {
        fixture = PostgresFixture.create();
        replicaA = TestDatabases.postgres(fixture);
        replicaB = TestDatabases.postgres(fixture);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        replicaA.close();
        replicaB.close();
        fixture.close();
    }

    /** A node whose digest blocks until released, so a check can be held in the middle. */
    static final class SlowNode extends DriftRepairTest.FakeNode {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        int digests;

        @Override
        public com.atlassecure.contract.users.UserDigest digest() {
            digests++;
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.digest();
        }
    }

    DriftRepair repair(Database db, String node, DriftRepairTest.FakeNode api) {
        NodeRegistry registry = new NodeRegistry(db, subscriptions, Duration.ofHours(24), clock);
        Provisioning provisioning = new Provisioning(subscriptions, db.dialect(), registry);
        registry.register(
                List.of(
                        new NodeSettings("de-1", "DE", URI.create("https://de1.example.test")),
                        new NodeSettings("nl-1", "NL", URI.create("https://nl1.example.test"))),
                provisioning);
        return new DriftRepair(node, api, db, subscriptions, provisioning, registry, clock);
    }

    @Test
    void aNodeBeingCheckedByOneReplicaIsSkippedByTheOtherUntilTheCheckEnds() throws Exception {
        SlowNode slow = new SlowNode();
        DriftRepair onA = repair(replicaA, "de-1", slow);
        DriftRepairTest.FakeNode same = new DriftRepairTest.FakeNode();
        DriftRepair onB = repair(replicaB, "de-1", same);
        DriftRepair otherNodeOnB = repair(replicaB, "nl-1", new DriftRepairTest.FakeNode());

        Future<?> first = pool.submit(onA::runExclusive);
        assertThat(slow.inside.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(onB.runExclusive())
                .as("replica B skips de-1 while A checks it")
                .isEmpty();
        assertThat(otherNodeOnB.runExclusive()).as("nl-1 is not held up").isPresent();
        slow.release.countDown();
        first.get(30, TimeUnit.SECONDS);

        assertThat(onB.runExclusive()).as("once A is done, B checks de-1").isPresent();
        assertThat(slow.digests).isEqualTo(1);
    }
}
