package com.atlassecure.bot.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker is woken by the transaction that enqueued a job, after it commits, and by nothing a caller must do. */
class OutboxWakeTest {
    static final long CUSTOMER = 5001;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    Database db;
    OutboxRepository outbox;
    Provisioning changes;
    /** Waits as a worker lane does. */
    java.util.concurrent.Semaphore lane;

    boolean awaitEnqueued() throws InterruptedException {
        return OutboxSignal.await(lane, Duration.ZERO);
    }

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite(dir);
        changes = new Provisioning(subscriptions, db.dialect());
        outbox = changes.outbox();
        lane = changes.signal().lane();
        db.useTransaction(h -> new CustomerRepository().upsert(h, CUSTOMER, Language.EN, "Ann", null, clock.instant()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void enqueueSignalsOnlyOnceItsTransactionHasCommitted() throws InterruptedException {
        boolean[] signalledInside = {true};
        db.useTransaction(h -> {
            changes.extend(h, CUSTOMER, 30, "payment.pending", clock.instant());
            try {
                signalledInside[0] = awaitEnqueued();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(signalledInside[0])
                .as("a job not yet visible to the worker must not wake it")
                .isFalse();
        assertThat(awaitEnqueued()).as("the commit wakes the worker").isTrue();
        assertThat(awaitEnqueued()).as("one commit, one wake").isFalse();
    }

    @Test
    void rolledBackEnqueueNeverWakesTheWorker() throws InterruptedException {
        assertThatThrownBy(() -> db.useTransaction(h -> {
                    changes.extend(h, CUSTOMER, 30, "payment.pending", clock.instant());
                    throw new IllegalStateException("payment refused after the job was written");
                }))
                .hasMessageContaining("payment refused");

        assertThat(awaitEnqueued()).isFalse();
        assertThat(db.withHandle(outbox::pending)).isZero();
    }

    @Test
    void aBurstOfEnqueuesWakesTheWorkerOnceForOneDrain() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            db.useTransaction(h -> changes.extend(h, CUSTOMER, 1, "payment.pending", clock.instant()));
        }

        assertThat(awaitEnqueued()).isTrue();
        assertThat(awaitEnqueued()).isFalse();
    }

    @Test
    void retryNowMakesABackedOffJobDueAndWakesTheWorkerAfterCommit() throws InterruptedException {
        db.useTransaction(h -> changes.extend(h, CUSTOMER, 30, "payment.pending", clock.instant()));
        awaitEnqueued();
        long id = db.withHandle(h -> outbox.pendingFor(h, CUSTOMER)).get(0).id();
        db.useTransaction(h -> outbox.retryLater(h, id, 5, clock.instant().plus(Duration.ofMinutes(10)), "down"));
        List<OutboxJob> before =
                db.inTransaction(h -> outbox.claimDue(h, "main", clock.instant(), Duration.ofMinutes(1), 10));
        assertThat(before).isEmpty();

        int moved = db.inTransaction(h -> changes.retryNow(h, "main", clock.instant()));

        assertThat(moved).isEqualTo(1);
        assertThat(awaitEnqueued()).isTrue();
        List<OutboxJob> after =
                db.inTransaction(h -> outbox.claimDue(h, "main", clock.instant(), Duration.ofMinutes(1), 10));
        assertThat(after).extracting(OutboxJob::id).containsExactly(id);
    }

    @Test
    void startedWorkerProvisionsACommittedPaymentLongBeforeItsNextPoll() throws InterruptedException {
        ScriptedXrayApi api = new ScriptedXrayApi();
        try (ProvisioningWorker worker =
                TestWorkers.worker(db, changes, api, new RecordingTelegram(), Set.of(), clock, true)) {
            // An hour between polls: only the commit's own signal can get this job done within the test.
            worker.start(Duration.ofHours(1));
            db.useTransaction(h -> changes.extend(h, CUSTOMER, 30, "payment.pending", clock.instant()));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (api.calls().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        assertThat(api.calls())
                .singleElement()
                .extracting(ScriptedXrayApi.Call::op)
                .isEqualTo("add");
    }
}
