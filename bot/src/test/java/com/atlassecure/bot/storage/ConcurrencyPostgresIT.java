package com.atlassecure.bot.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.outbox.JobKind;
import com.atlassecure.bot.outbox.OutboxJob;
import com.atlassecure.bot.outbox.OutboxRepository;
import com.atlassecure.bot.payments.Order;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.subscriptions.SubscriptionChanges;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.time.MutableClock;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What several bot replicas on one PostgreSQL rely on: the same charge recorded concurrently counts once, and
 * concurrent outbox claims never hand one job to two workers.
 */
class ConcurrencyPostgresIT {
    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    PostgresFixture fixture;
    Database db;
    ExecutorService pool = Executors.newFixedThreadPool(8);

    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    final PaymentRepository repo = new PaymentRepository();
    OutboxRepository outbox;
    PaymentService payments;

    @BeforeEach
    void setUp() {
        fixture = PostgresFixture.create();
        db = TestDatabases.postgres(fixture);
        outbox = new OutboxRepository(db.dialect());
        payments = new PaymentService(
                db,
                repo,
                new CustomerRepository(),
                new SubscriptionChanges(subscriptions, outbox, db.dialect()),
                new RecordingTelegram(),
                Messages.load(),
                clock);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        db.close();
        fixture.close();
    }

    @Test
    void sameChargeDeliveredConcurrentlyIsRecordedOnceAndExtendsOnce() throws Exception {
        long user = 10;
        db.useTransaction(h -> {
            new CustomerRepository().upsert(h, user, Language.EN, "A", null, clock.instant());
            repo.createOrder(h, new Order("o1", user, "m1", 30, 100, clock.instant(), null));
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PaymentService.Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return payments.recordPayment(user, "o1", 100, "XTR", "charge-x", "");
            }));
        }
        go.countDown();
        int recorded = 0;
        for (Future<PaymentService.Outcome> f : results) {
            if (f.get() instanceof PaymentService.Outcome.Recorded) {
                recorded++;
            }
        }
        assertThat(recorded).isEqualTo(1);
        assertThat(db.<Long>withHandle(h -> repo.countForUser(h, user))).isEqualTo(1L);
        assertThat(db.withHandle(h -> subscriptions.find(h, user)).orElseThrow().expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(db.<Long>withHandle(h -> outbox.pending(h))).isEqualTo(1L);
    }

    @Test
    void differentChargesOfOneCustomerAtOnceBothExtend() throws Exception {
        long user = 11;
        db.useTransaction(h -> {
            new CustomerRepository().upsert(h, user, Language.EN, "B", null, clock.instant());
            for (int i = 0; i < 6; i++) {
                repo.createOrder(h, new Order("o" + i, user, "m1", 30, 100, clock.instant(), null));
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PaymentService.Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                go.await();
                return payments.recordPayment(user, "o" + n, 100, "XTR", "charge-" + n, "");
            }));
        }
        go.countDown();
        for (Future<PaymentService.Outcome> f : results) {
            assertThat(f.get()).isInstanceOf(PaymentService.Outcome.Recorded.class);
        }
        assertThat(db.withHandle(h -> subscriptions.find(h, user)).orElseThrow().expiresAt())
                .as("six payments of 30 days, none lost to a race")
                .isEqualTo(clock.instant().plus(Duration.ofDays(180)));
    }

    @Test
    void concurrentClaimsNeverShareAJob() throws Exception {
        CustomerRepository customers = new CustomerRepository();
        for (long user = 1; user <= 60; user++) {
            long u = user;
            db.useTransaction(h -> {
                customers.ensure(h, u, clock.instant());
                outbox.enqueue(h, u, JobKind.PROVISION, false, null, clock.instant());
            });
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<OutboxJob>>> claims = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Callable<List<OutboxJob>> claim = () -> {
                go.await();
                return db.inTransaction(h -> outbox.claimDue(h, clock.instant(), Duration.ofMinutes(2), 15));
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
