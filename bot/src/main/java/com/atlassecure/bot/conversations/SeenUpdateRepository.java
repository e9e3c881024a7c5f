package com.atlassecure.bot.conversations;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The {@code updates_seen} table: which Telegram updates a replica has taken, so that two replicas sharing one
 * database never both handle one. A claim is a single upsert, so of two replicas racing for an update exactly one
 * wins; a claim left unfinished for longer than {@code lease} (its replica died) can be taken again.
 */
final class SeenUpdateRepository {
    /** Telegram keeps an undelivered update for 24 hours; a day more is plenty to recognise a late duplicate. */
    static final Duration KEEP = Duration.ofDays(2);

    /** Takes the update; false when another delivery of it was taken and is running or done. */
    boolean claim(Handle h, long updateId, Instant now, Duration lease) {
        return h.createUpdate("INSERT INTO updates_seen (update_id, claimed_at) VALUES (:id, :now) ON CONFLICT"
                                + " (update_id) DO UPDATE SET claimed_at = :now WHERE updates_seen.done_at IS NULL"
                                + " AND updates_seen.claimed_at < :stale")
                        .bind("id", updateId)
                        .bind("now", now.toEpochMilli())
                        .bind("stale", now.minus(lease).toEpochMilli())
                        .execute()
                == 1;
    }

    void done(Handle h, long updateId, Instant now) {
        h.createUpdate("UPDATE updates_seen SET done_at = :now WHERE update_id = :id")
                .bind("id", updateId)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Gives an update back after its handler failed, so Telegram's next delivery is handled. */
    void release(Handle h, long updateId) {
        h.createUpdate("DELETE FROM updates_seen WHERE update_id = :id AND done_at IS NULL")
                .bind("id", updateId)
                .execute();
    }

    int prune(Handle h, Instant now) {
        return h.createUpdate("DELETE FROM updates_seen WHERE claimed_at < :before")
                .bind("before", now.minus(KEEP).toEpochMilli())
                .execute();
    }
}
