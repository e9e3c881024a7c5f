package com.atlassecure.bot.customers;

import com.atlassecure.bot.i18n.Language;
import java.time.Instant;

/** A Telegram user who has talked to the bot. */
public record Customer(
        long id,
        Language language,
        String firstName,
        String username,
        Instant createdAt,
        Instant trialUsedAt,
        Instant blockedAt) {

    public String displayName() {
        if (firstName != null && !firstName.isBlank()) {
            return firstName;
        }
        return username != null ? "@" + username : Long.toString(id);
    }
}
