package com.atlassecure.bot.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.storage.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jobs table's leasing rules, run unchanged against SQLite ({@code OutboxSqliteTest}) and a real PostgreSQL
 * ({@code OutboxPostgresIT}): their claim SQL differs ({@code SKIP LOCKED} and advisory locks on PostgreSQL only).
 */
abstract class OutboxContract {
    static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");

    Database db;
    OutboxRepository outbox;

    abstract Database open() throws Exception;

    void closeDatabase() throws Exception {}

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        outbox = new OutboxRepository(db.dialect(), () -> {});
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        closeDatabase();
    }

    long num(HandleCallback<Long, RuntimeException> callback) {
        return db.withHandle(callback);
    }

    List<OutboxJob> jobs(HandleCallback<List<OutboxJob>, RuntimeException> callback) {
        return db.inTransaction(callback);
    }

    void user(long id) {
        db.useTransaction(h -> new CustomerRepository().upsert(h, id, Language.EN, "N" + id, "u" + id, T0));
    }

    @Test
    void outboxLeasesDueJobsOncePerUserAndInOrder() {
        user(1);
        user(2);
        long a1 = db.inTransaction(h -> outbox.enqueue(h, 1, "main", JobKind.PROVISION, true, "payment.pending", T0));
        long a2 = db.inTransaction(h -> outbox.enqueue(h, 1, "main", JobKind.PROVISION, false, null, T0));
        long b1 = db.inTransaction(h -> outbox.enqueue(h, 2, "main", JobKind.REMOVE, false, null, T0));

        List<OutboxJob> first = db.inTransaction(h -> outbox.claimDue(h, "main", T0, Duration.ofMinutes(2), 10));
        assertThat(first).extracting(OutboxJob::id).containsExactly(a1, b1);
        assertThat(first.get(0).delayNotice()).isEqualTo("payment.pending");
        assertThat(first.get(0).deliverKey()).isTrue();

        assertThat(jobs(h -> outbox.claimDue(h, "main", T0.plusSeconds(1), Duration.ofMinutes(2), 10)))
                .as("user 1 already has a leased job, so its second job waits")
                .isEmpty();

        db.useTransaction(h -> outbox.complete(h, a1, T0.plusSeconds(2)));
        assertThat(jobs(h -> outbox.claimDue(h, "main", T0.plusSeconds(3), Duration.ofMinutes(2), 10)))
                .extracting(OutboxJob::id)
                .containsExactly(a2);
        assertThat(num(h -> outbox.pending(h))).isEqualTo(2);
    }

    @Test
    void failedJobWaitsUntilItsRetryTimeAndAnExpiredLeaseIsReclaimed() {
        user(1);
        long id = db.inTransaction(h -> outbox.enqueue(h, 1, "main", JobKind.PROVISION, true, null, T0));
        db.inTransaction(h -> outbox.claimDue(h, "main", T0, Duration.ofMinutes(2), 10));
        db.useTransaction(h -> outbox.retryLater(h, id, 1, T0.plusSeconds(30), "ApiUnavailableError: down"));
        assertThat(jobs(h -> outbox.claimDue(h, "main", T0.plusSeconds(29), Duration.ofMinutes(2), 10)))
                .isEmpty();
        List<OutboxJob> again =
                db.inTransaction(h -> outbox.claimDue(h, "main", T0.plusSeconds(30), Duration.ofMinutes(2), 10));
        assertThat(again)
                .singleElement()
                .satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
        assertThat(db.<String>withHandle(h -> outbox.lastError(h, id))).contains("down");

        // The worker died holding the lease: after it runs out, the job is taken again.
        assertThat(jobs(h -> outbox.claimDue(h, "main", T0.plusSeconds(60), Duration.ofMinutes(2), 10)))
                .isEmpty();
        assertThat(jobs(h -> outbox.claimDue(h, "main", T0.plusSeconds(151), Duration.ofMinutes(2), 10)))
                .hasSize(1);
    }
}
