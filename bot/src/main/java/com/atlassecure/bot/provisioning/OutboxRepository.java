package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.config.DatabaseSettings.Dialect;
import com.atlassecure.bot.storage.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code outbox_jobs} table. {@link #enqueue} runs on the caller's handle so a job commits with the payment or
 * subscription change that caused it. {@link #claimDue} leases jobs: on PostgreSQL with {@code FOR UPDATE SKIP
 * LOCKED}, so several bot replicas share the queue without taking the same job, and a per-customer advisory lock
 * so that a replica also sees the other's lease in progress; on SQLite there is one writer. A user's jobs are never
 * leased twice at once on one node, which keeps add-user and update-user for one customer in order there; each node
 * is claimed on its own, so a node that is down never holds up another.
 *
 * <p>An enqueue also signals the worker, after the caller's transaction commits (jdbi's {@code afterCommit}): a job
 * is never claimed before it is visible, a rolled-back job never wakes anyone, and no caller has to remember to.
 */
final class OutboxRepository {
    private static final RowMapper<OutboxJob> MAPPER = (rs, ctx) -> new OutboxJob(
            rs.getLong("id"),
            rs.getLong("user_id"),
            rs.getString("node"),
            rs.getObject("change_id") == null ? rs.getLong("id") : rs.getLong("change_id"),
            JobKind.valueOf(rs.getString("kind")),
            rs.getInt("deliver_key") == 1,
            rs.getString("delay_notice"),
            rs.getInt("attempts"),
            Rows.instant(rs, "run_at"),
            rs.getInt("customer_told") == 1,
            rs.getInt("admins_alerted") == 1);

    /** The advisory-lock key space of outbox claims (two-int keys never meet the reminders' bigint key). */
    private static final int LOCK_SPACE = 0x4f42;

    /** Marks a job written before the fleet, for every node; {@link Provisioning#adoptLegacyJobs} fans it out. */
    static final String ANY_NODE = "";

    private final Dialect dialect;
    /** Wakes the worker's lanes ({@link OutboxSignal#wakeAll}); run after a commit that enqueued. */
    private final Runnable wake;

    OutboxRepository(Dialect dialect, Runnable wake) {
        this.dialect = dialect;
        this.wake = wake;
    }

    void wakeAfterCommit(Handle h) {
        if (h.isInTransaction()) {
            h.afterCommit(wake);
        } else {
            wake.run();
        }
    }

    long enqueue(
            Handle h, long userId, String node, JobKind kind, boolean deliverKey, String delayNotice, Instant now) {
        return enqueue(h, userId, node, null, kind, deliverKey, delayNotice, now, now);
    }

    /**
     * As above, as part of change {@code changeId} (null: this job starts one), first due at {@code runAt}: a mass
     * re-delivery spreads its jobs to stay within Telegram's limits.
     */
    long enqueue(
            Handle h,
            long userId,
            String node,
            Long changeId,
            JobKind kind,
            boolean deliverKey,
            String delayNotice,
            Instant now,
            Instant runAt) {
        long id = h.createUpdate("INSERT INTO outbox_jobs (user_id, node, change_id, kind, deliver_key, delay_notice,"
                        + " run_at, created_at) VALUES (:user, :node, :change, :kind, :deliver, :notice, :runAt, :now)")
                .bind("node", node)
                .bind("change", changeId)
                .bind("runAt", runAt.toEpochMilli())
                .bind("notice", delayNotice)
                .bind("user", userId)
                .bind("kind", kind.name())
                .bind("deliver", deliverKey ? 1 : 0)
                .bind("now", now.toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        if (changeId == null) {
            h.createUpdate("UPDATE outbox_jobs SET change_id = id WHERE id = :id")
                    .bind("id", id)
                    .execute();
        }
        wakeAfterCommit(h);
        return id;
    }

    /**
     * Leases up to {@code limit} of {@code node}'s due jobs until {@code now + lease}; must run in its own
     * transaction.
     */
    List<OutboxJob> claimDue(Handle h, String node, Instant now, Duration lease, int limit) {
        String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        String users = "";
        if (dialect == Dialect.POSTGRESQL) {
            // Another replica's lease is invisible to us until it commits. So first take, per customer and node, an
            // advisory lock that the other replica's claim transaction holds until its commit; the claim below is a
            // new statement, whose snapshot then sees every lease committed by whoever held that lock before us.
            List<Long> ours = h.createQuery("SELECT u FROM (SELECT DISTINCT user_id AS u FROM outbox_jobs WHERE"
                            + " node = :node AND done_at IS NULL AND run_at <= :now AND (locked_until IS NULL OR"
                            + " locked_until <= :now) ORDER BY u LIMIT :limit) c WHERE pg_try_advisory_xact_lock("
                            + LOCK_SPACE + " # hashtext(:node), (u % 2147483647)::int)")
                    .bind("node", node)
                    .bind("now", now.toEpochMilli())
                    .bind("limit", limit)
                    .mapTo(Long.class)
                    .list();
            if (ours.isEmpty()) {
                return List.of();
            }
            users = " AND j.user_id IN (<users>)";
            String sql = claimSql(users, lock);
            return firstPerUser(
                    h,
                    h.createQuery(sql)
                            .bindList("users", ours)
                            .bind("node", node)
                            .bind("now", now.toEpochMilli())
                            .bind("lease", now.plus(lease).toEpochMilli())
                            .bind("limit", limit)
                            .map(MAPPER)
                            .list());
        }
        String sql = claimSql(users, lock);
        List<OutboxJob> jobs = h.createQuery(sql)
                .bind("node", node)
                .bind("now", now.toEpochMilli())
                .bind("lease", now.plus(lease).toEpochMilli())
                .bind("limit", limit)
                .map(MAPPER)
                .list();
        return firstPerUser(h, jobs);
    }

    private static String claimSql(String users, String lock) {
        return "UPDATE outbox_jobs SET locked_until = :lease WHERE id IN (SELECT j.id FROM outbox_jobs j WHERE"
                + " j.node = :node AND j.done_at IS NULL AND j.run_at <= :now AND (j.locked_until IS NULL OR"
                + " j.locked_until <= :now)" + users + " AND NOT EXISTS (SELECT 1 FROM outbox_jobs o WHERE o.user_id ="
                + " j.user_id AND o.node = j.node AND o.done_at IS NULL AND o.locked_until > :now) ORDER BY j.id LIMIT"
                + " :limit" + lock + ") RETURNING *";
    }

    /** Two due jobs of one user may both pass the NOT EXISTS check in the same statement; keep the oldest. */
    private List<OutboxJob> firstPerUser(Handle h, List<OutboxJob> jobs) {
        java.util.Map<Long, OutboxJob> firstPerUser = new java.util.LinkedHashMap<>();
        for (OutboxJob job : jobs.stream()
                .sorted(java.util.Comparator.comparingLong(OutboxJob::id))
                .toList()) {
            if (firstPerUser.putIfAbsent(job.userId(), job) != null) {
                release(h, job.id());
            }
        }
        return List.copyOf(firstPerUser.values());
    }

    /** Extends the lease of jobs this worker still holds, so a long batch never outlives its lease. */
    void renewLease(Handle h, List<Long> ids, Instant until) {
        if (ids.isEmpty()) {
            return;
        }
        h.createUpdate("UPDATE outbox_jobs SET locked_until = :until WHERE id IN (<ids>) AND done_at IS NULL")
                .bindList("ids", ids)
                .bind("until", until.toEpochMilli())
                .execute();
    }

    void complete(Handle h, long id, Instant now) {
        h.createUpdate("UPDATE outbox_jobs SET done_at = :now, locked_until = NULL WHERE id = :id")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    void retryLater(Handle h, long id, int attempts, Instant runAt, String error) {
        h.createUpdate("UPDATE outbox_jobs SET attempts = :attempts, run_at = :runAt, locked_until = NULL,"
                        + " last_error = :error WHERE id = :id")
                .bind("id", id)
                .bind("attempts", attempts)
                .bind("runAt", runAt.toEpochMilli())
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error)
                .execute();
    }

    void markAdminsAlerted(Handle h, long id) {
        h.createUpdate("UPDATE outbox_jobs SET admins_alerted = 1 WHERE id = :id")
                .bind("id", id)
                .execute();
    }

    private void release(Handle h, long id) {
        h.createUpdate("UPDATE outbox_jobs SET locked_until = NULL WHERE id = :id")
                .bind("id", id)
                .execute();
    }

    long pending(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM outbox_jobs WHERE done_at IS NULL")
                .mapTo(Long.class)
                .one();
    }

    /**
     * Makes every waiting job due now, however far its backoff had pushed it, and wakes the worker after the commit;
     * returns how many moved. For a node that answers again: its jobs need not wait out a backoff of minutes.
     */
    int dueNow(Handle h, String node, Instant now) {
        int moved = h.createUpdate(
                        "UPDATE outbox_jobs SET run_at = :now WHERE node = :node AND done_at IS NULL AND run_at > :now")
                .bind("node", node)
                .bind("now", now.toEpochMilli())
                .execute();
        wakeAfterCommit(h);
        return moved;
    }

    List<OutboxJob> pendingFor(Handle h, long userId, String node) {
        return h.createQuery(
                        "SELECT * FROM outbox_jobs WHERE user_id = :user AND node = :node AND done_at IS NULL ORDER BY id")
                .bind("user", userId)
                .bind("node", node)
                .map(MAPPER)
                .list();
    }

    /** Jobs written before the fleet (node ''), not yet done, oldest first. */
    List<OutboxJob> legacyPending(Handle h) {
        return h.createQuery("SELECT * FROM outbox_jobs WHERE node = :node AND done_at IS NULL ORDER BY id")
                .bind("node", ANY_NODE)
                .map(MAPPER)
                .list();
    }

    /** Jobs not yet done per node, with when the oldest of them was enqueued, for /nodes. */
    java.util.Map<String, PendingJobs> pendingByNode(Handle h) {
        java.util.Map<String, PendingJobs> byNode = new java.util.TreeMap<>();
        h.createQuery("SELECT node, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox_jobs WHERE done_at IS NULL"
                        + " GROUP BY node")
                .map((rs, ctx) -> java.util.Map.entry(
                        rs.getString("node"),
                        new PendingJobs(rs.getLong("n"), Instant.ofEpochMilli(rs.getLong("oldest")))))
                .forEach(e -> byNode.put(e.getKey(), e.getValue()));
        return byNode;
    }

    List<OutboxJob> pendingFor(Handle h, long userId) {
        return h.createQuery("SELECT * FROM outbox_jobs WHERE user_id = :user AND done_at IS NULL ORDER BY id")
                .bind("user", userId)
                .map(MAPPER)
                .list();
    }

    String lastError(Handle h, long id) {
        return h.createQuery("SELECT last_error FROM outbox_jobs WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .orElse(null);
    }
}
