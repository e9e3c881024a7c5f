package com.atlassecure.bot.apiclient;

/**
 * The operations the bot needs from the per-server API. Every answer is validated before it is returned; a key is
 * never produced any other way.
 */
public interface XrayApi {
    /** Creates the user, or returns the same user when this uuid was added before (add-user is idempotent). */
    ProvisionedKey addUser(long telegramId, String uuid, long expiryTimestampMs);

    /** Moves the expiry; the API re-adds the client when Xray lost it. */
    ProvisionedKey updateUser(long telegramId, String uuid, long expiryTimestampMs);

    /** Removes the user; true when it existed. */
    boolean removeUser(String uuid);
}
