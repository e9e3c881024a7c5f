package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.apiclient.ApiUnavailableError;
import com.atlassecure.bot.apiclient.ProvisionedKey;
import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the provisioning outbox: for each due job it calls the API (add-user with the subscription's fixed UUID
 * when there is no key yet, update-user otherwise), stores the validated answer exactly, and delivers the key. A
 * failure reschedules the job with backoff; the customer hears "your key is on its way" once, and the admins are
 * alerted once after {@link #ALERT_AFTER_ATTEMPTS} failures. The job is retried until it succeeds: money taken
 * always ends in a key. One thread drains; {@link #wake()} is safe from any thread.
 */
public final class ProvisioningWorker implements AutoCloseable {
    public static final int ALERT_AFTER_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(ProvisioningWorker.class);
    // Renewed before each job of a batch, so it must only outlast one job: the API timeout plus a key delivery that
    // waits out Telegram's flood control.
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 20;

    private final Database db;
    private final OutboxRepository outbox;
    private final SubscriptionRepository subscriptions;
    private final XrayApi api;
    private final ProvisioningNotices notices;
    private final Backoff backoff;
    private final Clock clock;
    private final boolean provisioningEnabled;
    private volatile Thread thread;
    private volatile boolean running;

    public ProvisioningWorker(
            Database db,
            Provisioning provisioning,
            SubscriptionRepository subscriptions,
            XrayApi api,
            ProvisioningNotices notices,
            Backoff backoff,
            Clock clock,
            boolean provisioningEnabled) {
        this.db = db;
        this.outbox = provisioning.outbox();
        this.subscriptions = subscriptions;
        this.api = api;
        this.notices = notices;
        this.backoff = backoff;
        this.clock = clock;
        this.provisioningEnabled = provisioningEnabled;
    }

    /** Starts the background drain: every {@code pollInterval}, and at once after a job's enqueue commits. */
    public void start(Duration pollInterval) {
        running = true;
        thread = new Thread(
                () -> {
                    while (running) {
                        try {
                            runOnce();
                            outbox.awaitEnqueued(pollInterval);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (RuntimeException e) {
                            log.error("event=outbox_loop_error error={}", e.toString(), e);
                            sleepQuietly(pollInterval);
                        }
                    }
                },
                "provisioning-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks the worker to look at the outbox now without a new job, as after a clock moved in a test. Callers that
     * enqueue never need this: the commit wakes the worker.
     */
    public void wake() {
        outbox.signal();
    }

    /** Processes every job due now; returns how many were attempted. Tests drive the worker through this. */
    public int runOnce() {
        int attempted = 0;
        while (true) {
            Instant now = clock.instant();
            List<OutboxJob> jobs = db.inTransaction(h -> outbox.claimDue(h, now, LEASE, BATCH));
            if (jobs.isEmpty()) {
                return attempted;
            }
            for (int i = 0; i < jobs.size(); i++) {
                List<Long> held =
                        jobs.subList(i, jobs.size()).stream().map(OutboxJob::id).toList();
                Instant until = clock.instant().plus(LEASE);
                db.useTransaction(h -> outbox.renewLease(h, held, until));
                process(jobs.get(i));
                attempted++;
            }
        }
    }

    private void process(OutboxJob job) {
        try {
            Optional<Subscription> done = execute(job);
            db.useTransaction(h -> outbox.complete(h, job.id(), clock.instant()));
            log.info(
                    "event=job_done job={} user={} kind={} attempts={}",
                    job.id(),
                    job.userId(),
                    job.kind(),
                    job.attempts() + 1);
            if (job.deliverKey()
                    && done.isPresent()
                    && done.get().hasKey()
                    && done.get().activeAt(clock.instant())) {
                notices.deliverKey(job.userId(), done.get());
            }
        } catch (RuntimeException e) {
            // API failures and anything unexpected alike: the job stays and is retried with backoff.
            failed(job, e);
        }
    }

    private Optional<Subscription> execute(OutboxJob job) {
        if (!provisioningEnabled) {
            throw new ApiUnavailableError("provisioning is switched off (PROD_VPN_PROVISIONING_ENABLED=false)", null);
        }
        Optional<Subscription> found = db.withHandle(h -> subscriptions.find(h, job.userId()));
        if (found.isEmpty()) {
            return found;
        }
        Subscription sub = found.get();
        Instant now = clock.instant();
        if (job.kind() == JobKind.REMOVE) {
            // A REMOVE that failed and came due again after a grant or payment must not take the paid access away.
            if (sub.activeAt(now)) {
                log.info("event=stale_remove_skipped job={} user={}", job.id(), sub.userId());
                return found;
            }
            if (sub.hasKey()) {
                api.removeUser(sub.uuid());
                db.useTransaction(h -> subscriptions.clearKey(h, sub.userId(), clock.instant()));
                log.info("event=user_removed user={} uuid={}", sub.userId(), Uuids.shortForm(sub.uuid()));
            }
            return db.withHandle(h -> subscriptions.find(h, job.userId()));
        }
        if (!sub.activeAt(now) && !sub.hasKey()) {
            // Nothing at the API and nothing paid for now: never add a key that has already expired.
            log.info("event=provision_skipped_inactive job={} user={}", job.id(), sub.userId());
            return found;
        }
        // An inactive subscription with a key is a shortening (refund, revoke): the API learns the new expiry.
        long expiry = sub.expiresAt().toEpochMilli();
        ProvisionedKey key;
        if (sub.hasKey()) {
            key = api.updateUser(sub.userId(), sub.uuid(), expiry);
        } else {
            key = api.addUser(sub.userId(), sub.requestedUuid(), expiry);
            if (key.expiryTimestampMs() != expiry) {
                // add-user of an existing user answers the expiry it holds (a restored bot database, L16).
                log.warn(
                        "event=add_answered_other_expiry user={} sent_ms={} answered_ms={}",
                        sub.userId(),
                        expiry,
                        key.expiryTimestampMs());
                key = api.updateUser(sub.userId(), key.uuid(), expiry);
            }
        }
        if (key.expiryTimestampMs() != expiry) {
            throw new IllegalStateException("the API holds expiry " + key.expiryTimestampMs() + " after setting "
                    + expiry + " for user " + sub.userId());
        }
        ProvisionedKey stored = key;
        return db.inTransaction(h -> {
            subscriptions.recordProvisioned(
                    h,
                    sub.userId(),
                    stored.uuid(),
                    stored.vlessLink(),
                    Instant.ofEpochMilli(stored.expiryTimestampMs()),
                    clock.instant());
            log.info(
                    "event=user_provisioned user={} uuid={} op={}",
                    sub.userId(),
                    Uuids.shortForm(stored.uuid()),
                    sub.hasKey() ? "update" : "add");
            return subscriptions.find(h, sub.userId());
        });
    }

    private void failed(OutboxJob job, RuntimeException e) {
        int attempts = job.attempts() + 1;
        Duration delay = backoff.delay(attempts);
        Instant next = clock.instant().plus(delay);
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        db.useTransaction(h -> outbox.retryLater(h, job.id(), attempts, next, error));
        log.warn(
                "event=job_failed job={} user={} kind={} attempts={} retry_in_ms={} error=\"{}\"",
                job.id(),
                job.userId(),
                job.kind(),
                attempts,
                delay.toMillis(),
                error);
        if (job.delayNotice() != null && !job.customerTold() && notices.tellDelayed(job.userId(), job.delayNotice())) {
            db.useTransaction(h -> outbox.markCustomerTold(h, job.id()));
        }
        if (attempts >= ALERT_AFTER_ATTEMPTS && !job.adminsAlerted()) {
            notices.alertAdmins(job.userId(), attempts, error);
            db.useTransaction(h -> outbox.markAdminsAlerted(h, job.id()));
            log.error("event=provisioning_alert job={} user={} attempts={}", job.id(), job.userId(), attempts);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
