package com.atlassecure.bot.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.apiclient.ProvisionedKey;
import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * L12: two bot replicas (two connection pools, two workers) drain one PostgreSQL outbox at the same moment. A
 * customer's jobs must never run at the same time on both, which is what keeps add-user before update-user; the
 * API stand-in notices any overlap for one customer.
 */
class TwoReplicasOutboxPostgresIT {
    static final int CUSTOMERS = 40;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    PostgresFixture fixture;
    Database replicaA;
    Database replicaB;
    final ExecutorService pool = Executors.newFixedThreadPool(2);

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

    /** Records any moment at which two calls for one customer are in progress together. */
    static final class OverlapDetector implements XrayApi {
        final ScriptedXrayApi inner = new ScriptedXrayApi();
        final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final Set<Long> overlapped = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();

        private <T> T around(long user, java.util.function.Supplier<T> call) {
            AtomicInteger n = inFlight.computeIfAbsent(user, u -> new AtomicInteger());
            if (n.incrementAndGet() > 1) {
                overlapped.add(user);
            }
            try {
                Thread.sleep(3);
                calls.incrementAndGet();
                return call.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                n.decrementAndGet();
            }
        }

        @Override
        public ProvisionedKey addUser(long telegramId, String uuid, long expiryMs, Integer devices) {
            return around(telegramId, () -> inner.addUser(telegramId, uuid, expiryMs, devices));
        }

        @Override
        public ProvisionedKey updateUser(long telegramId, String uuid, long expiryMs, Integer devices) {
            return around(telegramId, () -> inner.updateUser(telegramId, uuid, expiryMs, devices));
        }

        @Override
        public boolean removeUser(String uuid) {
            return inner.removeUser(uuid);
        }
    }

    ProvisioningWorker worker(Database db, XrayApi api) {
        return TestWorkers.worker(
                db,
                new Provisioning(new SubscriptionRepository(), db.dialect()),
                api,
                new RecordingTelegram(),
                Set.of(),
                clock,
                true);
    }

    @Test
    void twoReplicasNeverRunOneCustomersJobsAtTheSameTime() throws Exception {
        Provisioning changes = new Provisioning(new SubscriptionRepository(), replicaA.dialect());
        OutboxRepository outbox = changes.outbox();
        CustomerRepository customers = new CustomerRepository();
        for (long user = 1; user <= CUSTOMERS; user++) {
            long u = user;
            replicaA.useTransaction(h -> {
                customers.ensure(h, u, clock.instant());
                changes.extend(h, u, 30, null, clock.instant());
                changes.extend(h, u, 30, null, clock.instant());
            });
        }
        OverlapDetector api = new OverlapDetector();
        ProvisioningWorker a = worker(replicaA, api);
        ProvisioningWorker b = worker(replicaB, api);
        CyclicBarrier together = new CyclicBarrier(2);
        for (int round = 0; round < 10 && pending() > 0; round++) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (ProvisioningWorker w : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    together.await();
                    return w.runOnce();
                }));
            }
            for (Future<Integer> run : runs) {
                run.get();
            }
        }
        assertThat(pending()).as("every job done").isZero();
        assertThat(api.overlapped)
                .as("customers whose jobs ran on both replicas at once")
                .isEmpty();
        for (long user = 1; user <= CUSTOMERS; user++) {
            long u = user;
            List<String> ops = api.inner.calls().stream()
                    .filter(c -> c.telegramId() == u)
                    .map(ScriptedXrayApi.Call::op)
                    .toList();
            assertThat(ops).as("customer %d: add first, then update", u).containsExactly("add", "update");
        }
    }

    @Test
    void aClaimInProgressOnOneReplicaKeepsTheOtherReplicaOffThatCustomersLaterJobs() {
        Provisioning changes = new Provisioning(new SubscriptionRepository(), replicaA.dialect());
        OutboxRepository outbox = changes.outbox();
        CustomerRepository customers = new CustomerRepository();
        for (long user = 1; user <= 6; user++) {
            long u = user;
            replicaA.useTransaction(h -> {
                customers.ensure(h, u, clock.instant());
                changes.extend(h, u, 30, null, clock.instant());
                changes.extend(h, u, 30, null, clock.instant());
            });
        }
        // Replica A has claimed and not committed yet; replica B claims in that moment.
        try (org.jdbi.v3.core.Handle a = replicaA.jdbi().open();
                org.jdbi.v3.core.Handle b = replicaB.jdbi().open()) {
            a.begin();
            List<OutboxJob> claimedByA = outbox.claimDue(a, "main", clock.instant(), Duration.ofMinutes(5), 3);
            b.begin();
            List<OutboxJob> claimedByB = outbox.claimDue(b, "main", clock.instant(), Duration.ofMinutes(5), 20);
            b.commit();
            a.commit();
            Set<Long> usersOfA = new java.util.HashSet<>();
            claimedByA.forEach(j -> usersOfA.add(j.userId()));
            assertThat(usersOfA).isNotEmpty();
            assertThat(claimedByB)
                    .as("B holds no job of a customer A is working on")
                    .noneMatch(j -> usersOfA.contains(j.userId()))
                    .isNotEmpty();
        }
    }

    private long pending() {
        return replicaA.withHandle(h -> new OutboxRepository(replicaA.dialect(), () -> {}).pending(h));
    }
}
