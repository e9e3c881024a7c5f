package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.apiclient.ApiUnavailableError;
import com.atlassecure.bot.apiclient.ProvisionedKey;
import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the provisioning outbox: for each due job it calls the job's node (add-user with the subscription's fixed
 * UUID when the node holds no key yet, update-user otherwise), stores the validated answer exactly, and delivers the
 * key when the first node of a change answers. A failure reschedules the job with backoff; the customer hears "your
 * key is on its way" once per change, and the admins are alerted once per job after {@link #ALERT_AFTER_ATTEMPTS}
 * failures. The job is retried until it succeeds: money taken always ends in a key. A lane of threads drains each
 * node ({@link WorkerLanes}), so a node that is down or slow never holds up another; {@link #wake()} is safe from any
 * thread.
 */
public final class ProvisioningWorker implements AutoCloseable {
    public static final int ALERT_AFTER_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(ProvisioningWorker.class);
    // Renewed before each job of a batch, so it must only outlast one job: the API timeout plus a key delivery that
    // waits out Telegram's flood control.
    private static final Duration LEASE = Duration.ofMinutes(5);
    // Small, so the threads of a lane share a backlog instead of one of them leasing most of it.
    private static final int BATCH = 5;

    private final Database db;
    private final OutboxRepository outbox;
    private final OutboxSignal signal;
    private final SubscriptionRepository subscriptions;
    private final Map<String, ? extends XrayApi> apis;
    private final Placement placement;
    private final ProvisioningNotices notices;
    private final Backoff backoff;
    private final Clock clock;
    private final boolean provisioningEnabled;
    private volatile WorkerLanes lanes;

    public ProvisioningWorker(
            Database db,
            Provisioning provisioning,
            SubscriptionRepository subscriptions,
            Map<String, ? extends XrayApi> apis,
            ProvisioningNotices notices,
            Backoff backoff,
            Clock clock,
            boolean provisioningEnabled) {
        this.db = db;
        this.outbox = provisioning.outbox();
        this.signal = provisioning.signal();
        this.subscriptions = subscriptions;
        this.apis = Map.copyOf(apis);
        this.placement = provisioning.placement();
        this.notices = notices;
        this.backoff = backoff;
        this.clock = clock;
        this.provisioningEnabled = provisioningEnabled;
    }

    /**
     * Starts the background drain, one lane per node: every {@code pollInterval}, and at once after a job's enqueue
     * commits.
     */
    public void start(Duration pollInterval) {
        lanes = new WorkerLanes(signal, new java.util.TreeSet<>(apis.keySet()), this::runOnce, pollInterval);
    }

    /**
     * Asks the worker to look at the outbox now without a new job, as after a clock moved in a test. Callers that
     * enqueue never need this: the commit wakes the worker.
     */
    public void wake() {
        signal.wakeAll();
    }

    /** Processes every job due now on every node, one node after another; returns how many were attempted. */
    public int runOnce() {
        int attempted = 0;
        for (String node : new java.util.TreeSet<>(apis.keySet())) {
            attempted += runOnce(node);
        }
        return attempted;
    }

    /** Processes every job due now on {@code node}; returns how many were attempted. */
    public int runOnce(String node) {
        int attempted = 0;
        while (true) {
            Instant now = clock.instant();
            List<OutboxJob> jobs = db.inTransaction(h -> outbox.claimDue(h, node, now, LEASE, BATCH));
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
                    "event=job_done job={} user={} node={} kind={} attempts={}",
                    job.id(),
                    job.userId(),
                    job.node(),
                    job.kind(),
                    job.attempts() + 1);
            if (job.deliverKey()
                    && done.isPresent()
                    && done.get().keyOn(job.node()).isPresent()
                    && done.get().activeAt(clock.instant())
                    && db.inTransaction(h -> ChangeClaims.claimKeySent(h, job.changeId()))) {
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
        XrayApi api = apis.get(job.node());
        if (api == null) {
            // The node left the settings: nothing can reach it, and the registry dropped its keys.
            log.warn("event=job_for_unknown_node job={} user={} node={}", job.id(), job.userId(), job.node());
            return Optional.empty();
        }
        Optional<Subscription> found = db.withHandle(h -> subscriptions.find(h, job.userId()));
        if (found.isEmpty()) {
            return found;
        }
        Subscription sub = found.get();
        Instant now = clock.instant();
        Optional<NodeKey> recorded = sub.keyOn(job.node());
        boolean placed = db.withHandle(h -> recorded.isPresent()
                ? placement.keeps(h, job.node(), now)
                : placement.enabled(h).contains(job.node()));
        if (job.kind() == JobKind.REMOVE) {
            // A REMOVE that failed and came due again after a grant or payment must not take the paid access away.
            if (sub.activeAt(now) && placed) {
                log.info("event=stale_remove_skipped job={} user={} node={}", job.id(), sub.userId(), job.node());
                return found;
            }
            // Sent even when no key is recorded for the node: an add whose answer was lost (a time-out, a garbled
            // body) may have put the user there, and remove-user of a user the node lacks is a no-op.
            String uuid = recorded.map(NodeKey::uuid).orElse(sub.fleetUuid());
            boolean removed = api.removeUser(uuid);
            if (recorded.isPresent()) {
                db.useTransaction(h -> subscriptions.clearKey(h, sub.userId(), job.node(), clock.instant()));
            }
            log.info(
                    "event=user_removed user={} node={} uuid={} held={} removed={}",
                    sub.userId(),
                    job.node(),
                    Uuids.shortForm(uuid),
                    recorded.isPresent(),
                    removed);
            return db.withHandle(h -> subscriptions.find(h, job.userId()));
        }
        if (!placed) {
            // A draining node takes no new customer; one past its grace keeps none (its removals are on their way).
            log.info("event=provision_skipped_placement job={} user={} node={}", job.id(), sub.userId(), job.node());
            return found;
        }
        Optional<NodeKey> held = recorded;
        if (held.isPresent() && !held.get().uuid().equals(sub.fleetUuid())) {
            // A reset gave the customer a new UUID: the old one leaves this node first (remove-user closes its live
            // sessions), then the new one is added below. A retry after a failure here removes again, a no-op.
            boolean removed = api.removeUser(held.get().uuid());
            db.useTransaction(h -> subscriptions.clearKey(h, sub.userId(), job.node(), clock.instant()));
            log.info(
                    "event=key_rotated_out user={} node={} uuid={} removed={}",
                    sub.userId(),
                    job.node(),
                    Uuids.shortForm(held.get().uuid()),
                    removed);
            held = Optional.empty();
        }
        if (!sub.activeAt(now) && held.isEmpty()) {
            // Nothing recorded on this node and nothing paid for now: never add a key that has already expired. An
            // earlier add whose answer was lost may still have put one there, so it is removed (a no-op otherwise).
            boolean removed = api.removeUser(sub.fleetUuid());
            log.info(
                    "event=provision_skipped_inactive job={} user={} node={} stray_removed={}",
                    job.id(),
                    sub.userId(),
                    job.node(),
                    removed);
            return found;
        }
        // An inactive subscription with a key is a shortening (refund, revoke): the node learns the new expiry.
        long expiry = sub.expiresAt().toEpochMilli();
        Integer devices =
                db.withHandle(h -> subscriptions.deviceLimit(h, sub.userId())).orElse(null);
        ProvisionedKey key;
        boolean updating = held.isPresent();
        if (updating) {
            key = api.updateUser(sub.userId(), held.get().uuid(), expiry, devices);
        } else {
            key = api.addUser(sub.userId(), sub.fleetUuid(), expiry, devices);
            if (key.expiryTimestampMs() != expiry) {
                // add-user of an existing user answers the expiry it holds (a restored bot database, L16).
                log.warn(
                        "event=add_answered_other_expiry user={} node={} sent_ms={} answered_ms={}",
                        sub.userId(),
                        job.node(),
                        expiry,
                        key.expiryTimestampMs());
                key = api.updateUser(sub.userId(), key.uuid(), expiry, devices);
            }
        }
        if (key.expiryTimestampMs() != expiry) {
            throw new IllegalStateException("node " + job.node() + " holds expiry " + key.expiryTimestampMs()
                    + " after setting " + expiry + " for user " + sub.userId());
        }
        ProvisionedKey stored = key;
        return db.inTransaction(h -> {
            subscriptions.recordProvisioned(
                    h,
                    sub.userId(),
                    job.node(),
                    stored.uuid(),
                    stored.vlessLink(),
                    stored.clientConfigs(),
                    Instant.ofEpochMilli(stored.expiryTimestampMs()),
                    clock.instant());
            log.info(
                    "event=user_provisioned user={} node={} uuid={} op={}",
                    sub.userId(),
                    job.node(),
                    Uuids.shortForm(stored.uuid()),
                    updating ? "update" : "add");
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
                "event=job_failed job={} user={} node={} kind={} attempts={} retry_in_ms={} error=\"{}\"",
                job.id(),
                job.userId(),
                job.node(),
                job.kind(),
                attempts,
                delay.toMillis(),
                error);
        if (job.delayNotice() != null && db.inTransaction(h -> ChangeClaims.claimCustomerTold(h, job.changeId()))) {
            if (!notices.tellDelayed(job.userId(), job.delayNotice())) {
                db.useTransaction(h -> ChangeClaims.unclaimCustomerTold(h, job.changeId()));
            }
        }
        if (attempts >= ALERT_AFTER_ATTEMPTS && !job.adminsAlerted()) {
            notices.alertAdmins(job.userId(), job.node(), attempts, error);
            db.useTransaction(h -> outbox.markAdminsAlerted(h, job.id()));
            log.error(
                    "event=provisioning_alert job={} user={} node={} attempts={}",
                    job.id(),
                    job.userId(),
                    job.node(),
                    attempts);
        }
    }

    @Override
    public void close() {
        WorkerLanes running = lanes;
        if (running != null) {
            running.close();
        }
    }
}
