package com.atlassecure.bot.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.postgres.PostgresFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The outbox's leasing rules on a real PostgreSQL (testkit's fixture: ATLAS_TEST_PG_URL, else embedded), and what
 * several bot replicas rely on: concurrent claims never hand one job to two workers.
 */
class OutboxPostgresIT extends OutboxContract {
    private PostgresFixture fixture;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @Override
    Database open() {
        fixture = PostgresFixture.create();
        return TestDatabases.postgres(fixture);
    }

    @Override
    void closeDatabase() {
        pool.shutdownNow();
        fixture.close();
    }

    @Test
    void concurrentClaimsNeverShareAJob() throws Exception {
        CustomerRepository customers = new CustomerRepository();
        for (long user = 1; user <= 60; user++) {
            long u = user;
            db.useTransaction(h -> {
                customers.ensure(h, u, T0);
                outbox.enqueue(h, u, "main", JobKind.PROVISION, false, null, T0);
            });
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<OutboxJob>>> claims = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Callable<List<OutboxJob>> claim = () -> {
                go.await();
                return db.inTransaction(h -> outbox.claimDue(h, "main", T0, Duration.ofMinutes(2), 15));
            };
            claims.add(pool.submit(claim));
        }
        go.countDown();
        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (Future<List<OutboxJob>> f : claims) {
            for (OutboxJob job : f.get()) {
                assertThat(seen.add(job.id()))
                        .as("job %s claimed twice", job.id())
                        .isTrue();
                total++;
            }
        }
        assertThat(total).isGreaterThan(0).isLessThanOrEqualTo(60);
    }
}
