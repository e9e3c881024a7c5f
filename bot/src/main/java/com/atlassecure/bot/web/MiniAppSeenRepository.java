package com.atlassecure.bot.web;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** The {@code webapp_seen} table: Mini App initData already acted on, by hash, so that a replay is refused. */
final class MiniAppSeenRepository {
    /** Records {@code hash}; false when it was already there (a replay). Forgets hashes older than {@code before}. */
    boolean firstUse(Handle h, String hash, Instant now, Instant before) {
        h.createUpdate("DELETE FROM webapp_seen WHERE seen_at < :before")
                .bind("before", before.toEpochMilli())
                .execute();
        return h.createUpdate("INSERT INTO webapp_seen (hash, seen_at) VALUES (:hash, :now) ON CONFLICT (hash) DO"
                                + " NOTHING")
                        .bind("hash", hash)
                        .bind("now", now.toEpochMilli())
                        .execute()
                == 1;
    }
}
