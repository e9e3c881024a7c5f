package com.atlassecure.bot.subscriptions;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Handle;

/**
 * The {@code sub_tokens} table: each customer's subscription token, a bearer secret (design principle 13). Tokens are
 * 25 letters from an alphabet without a-f and A-F: 133 random bits that no CDN can take for a hash. A reset replaces
 * the row, so the old token is unknown afterwards. All methods run on the caller's handle.
 */
public final class SubscriptionTokens {
    /** a-z and A-Z without the hex letters: 40 symbols, about 5.32 bits each. */
    static final String ALPHABET = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ";

    static final int LENGTH = 25;

    private final RandomGenerator random;

    public SubscriptionTokens(RandomGenerator random) {
        this.random = random;
    }

    public SubscriptionTokens() {
        this(new SecureRandom());
    }

    /** The customer's token, issued now when they have none. */
    public String tokenFor(Handle h, long userId, Instant now) {
        return current(h, userId).orElseGet(() -> reissue(h, userId, now));
    }

    /** The customer's token if one was issued; callers show at most {@link #shortForm(String)} of it. */
    public Optional<String> current(Handle h, long userId) {
        return h.createQuery("SELECT token FROM sub_tokens WHERE user_id = :id")
                .bind("id", userId)
                .mapTo(String.class)
                .findOne();
    }

    /** A new token for the customer; the old one stops working when this commits. */
    public String reissue(Handle h, long userId, Instant now) {
        String token = newToken();
        int changed = h.createUpdate("UPDATE sub_tokens SET token = :token, issued_at = :now WHERE user_id = :id")
                .bind("token", token)
                .bind("now", now.toEpochMilli())
                .bind("id", userId)
                .execute();
        if (changed == 0) {
            h.createUpdate("INSERT INTO sub_tokens (user_id, token, issued_at) VALUES (:id, :token, :now)")
                    .bind("id", userId)
                    .bind("token", token)
                    .bind("now", now.toEpochMilli())
                    .execute();
        }
        return token;
    }

    /** Whose token this is; empty for an unknown or replaced token (callers must not tell the two apart). */
    public Optional<Long> owner(Handle h, String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return h.createQuery("SELECT user_id FROM sub_tokens WHERE token = :token")
                .bind("token", token)
                .mapTo(Long.class)
                .findOne();
    }

    String newToken() {
        StringBuilder token = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }

    /** Refuses anything that could not have been issued before it reaches the database. */
    public static boolean wellFormed(String token) {
        if (token == null || token.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(token.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** What a log line may show of a token: its first 8 characters. */
    public static String shortForm(String token) {
        if (token == null) {
            return "null";
        }
        return token.length() <= 8 ? token : token.substring(0, 8);
    }
}
