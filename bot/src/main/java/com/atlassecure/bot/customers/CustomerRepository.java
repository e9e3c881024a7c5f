package com.atlassecure.bot.customers;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.storage.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code users} table. Every method runs on the caller's handle, so callers choose the transaction. */
public final class CustomerRepository {

    /**
     * Records the user on every update: language and names follow what Telegram says now, and a user who writes
     * to us again has evidently unblocked the bot.
     */
    public void upsert(Handle h, long id, Language language, String firstName, String username, Instant now) {
        h.createUpdate("INSERT INTO users (id, language, first_name, username, created_at) VALUES (:id, :language,"
                        + " :first, :username, :now) ON CONFLICT (id) DO UPDATE SET language = excluded.language,"
                        + " first_name = excluded.first_name, username = excluded.username, blocked_at = NULL")
                .bind("id", id)
                .bind("language", language.code())
                .bind("first", firstName)
                .bind("username", username)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Inserts the user if unknown (admin grants for someone who never wrote), keeping an existing row as is. */
    public void ensure(Handle h, long id, Instant now) {
        h.createUpdate("INSERT INTO users (id, created_at) VALUES (:id, :now) ON CONFLICT (id) DO NOTHING")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    public Optional<Customer> find(Handle h, long id) {
        return h.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Customer(
                        rs.getLong("id"),
                        Language.fromCode(rs.getString("language")),
                        rs.getString("first_name"),
                        rs.getString("username"),
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "trial_used_at"),
                        Rows.instant(rs, "blocked_at")))
                .findOne();
    }

    /** Claims the user's one trial; false when it was already used. The condition makes it once-ever. */
    public boolean claimTrial(Handle h, long id, Instant now) {
        return h.createUpdate("UPDATE users SET trial_used_at = :now WHERE id = :id AND trial_used_at IS NULL")
                        .bind("id", id)
                        .bind("now", now.toEpochMilli())
                        .execute()
                == 1;
    }

    public void markBlocked(Handle h, long id, Instant now) {
        h.createUpdate("UPDATE users SET blocked_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    public Language language(Handle h, long id) {
        return find(h, id).map(Customer::language).orElse(Language.EN);
    }

    /** Ids after {@code afterId} of users who have not blocked the bot, in id order, for resumable broadcasts. */
    public List<Long> reachableAfter(Handle h, long afterId, int limit) {
        return h.createQuery("SELECT id FROM users WHERE id > :after AND blocked_at IS NULL ORDER BY id LIMIT :limit")
                .bind("after", afterId)
                .bind("limit", limit)
                .mapTo(Long.class)
                .list();
    }

    public long count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
    }

    public long countTrials(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE trial_used_at IS NOT NULL")
                .mapTo(Long.class)
                .one();
    }
}
