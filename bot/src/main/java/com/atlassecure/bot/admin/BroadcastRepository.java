package com.atlassecure.bot.admin;

import com.atlassecure.bot.storage.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code broadcasts} table: the text, a cursor over user ids, and counters, so a restart resumes. */
public final class BroadcastRepository {
    /** One broadcast and how far it got. */
    public record Broadcast(
            long id,
            String text,
            long createdBy,
            long cursorUserId,
            int sent,
            int blocked,
            int failed,
            Instant finishedAt) {}

    private static final RowMapper<Broadcast> MAPPER = (rs, ctx) -> new Broadcast(
            rs.getLong("id"),
            rs.getString("text"),
            rs.getLong("created_by"),
            rs.getLong("cursor_user_id"),
            rs.getInt("sent"),
            rs.getInt("blocked"),
            rs.getInt("failed"),
            Rows.instant(rs, "finished_at"));

    public long create(Handle h, String text, long createdBy, Instant now) {
        return h.createUpdate("INSERT INTO broadcasts (text, created_by, created_at) VALUES (:text, :by, :now)")
                .bind("text", text)
                .bind("by", createdBy)
                .bind("now", now.toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    public Optional<Broadcast> find(Handle h, long id) {
        return h.createQuery("SELECT * FROM broadcasts WHERE id = :id")
                .bind("id", id)
                .map(MAPPER)
                .findOne();
    }

    public List<Long> unfinished(Handle h) {
        return h.createQuery("SELECT id FROM broadcasts WHERE finished_at IS NULL ORDER BY id")
                .mapTo(Long.class)
                .list();
    }

    /** Moves the cursor past {@code userId} and counts the outcome for that user. */
    public void advance(Handle h, long id, long userId, int sent, int blocked, int failed) {
        h.createUpdate("UPDATE broadcasts SET cursor_user_id = :user, sent = sent + :sent, blocked = blocked +"
                        + " :blocked, failed = failed + :failed WHERE id = :id")
                .bind("id", id)
                .bind("user", userId)
                .bind("sent", sent)
                .bind("blocked", blocked)
                .bind("failed", failed)
                .execute();
    }

    public void finish(Handle h, long id, Instant now) {
        h.createUpdate("UPDATE broadcasts SET finished_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .execute();
    }
}
