package com.atlassecure.bot.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.Order;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What several bot replicas on one PostgreSQL rely on: the same charge recorded concurrently counts once (that
 * concurrent outbox claims never hand one job to two workers is in {@code provisioning.OutboxPostgresIT}).
 */
class ConcurrencyPostgresIT {
    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    PostgresFixture fixture;
    Database db;
    ExecutorService pool = Executors.newFixedThreadPool(8);

    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    final PaymentRepository repo = new PaymentRepository();
    Provisioning provisioning;
    PaymentService payments;

    @BeforeEach
    void setUp() {
        fixture = PostgresFixture.create();
        db = TestDatabases.postgres(fixture);
        provisioning = new Provisioning(subscriptions, db.dialect());
        payments = new Payments(
                        db, new CustomerRepository(), provisioning, new RecordingTelegram(), Messages.load(), clock)
                .purchases();
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
        assertThat(db.<Long>withHandle(h -> provisioning.pending(h))).isEqualTo(1L);
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
}
