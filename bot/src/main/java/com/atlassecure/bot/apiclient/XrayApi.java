package com.atlassecure.bot.apiclient;

/**
 * The operations the bot needs from the per-server API. Every answer is validated before it is returned; a key is
 * never produced any other way.
 */
public interface XrayApi {
    /**
     * Creates the user, or returns the same user when this uuid was added before (add-user is idempotent). {@code
     * deviceLimit} is how many devices the key may use at once; null leaves the node's.
     */
    ProvisionedKey addUser(long telegramId, String uuid, long expiryTimestampMs, Integer deviceLimit);

    /** Moves the expiry (and the device limit, when not null); the API re-adds the client when Xray lost it. */
    ProvisionedKey updateUser(long telegramId, String uuid, long expiryTimestampMs, Integer deviceLimit);

    default ProvisionedKey addUser(long telegramId, String uuid, long expiryTimestampMs) {
        return addUser(telegramId, uuid, expiryTimestampMs, null);
    }

    default ProvisionedKey updateUser(long telegramId, String uuid, long expiryTimestampMs) {
        return updateUser(telegramId, uuid, expiryTimestampMs, null);
    }

    /** Removes the user; true when it existed. */
    boolean removeUser(String uuid);
}
