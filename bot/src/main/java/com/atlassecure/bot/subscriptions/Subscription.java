package com.atlassecure.bot.subscriptions;

import com.atlassecure.contract.validation.Uuids;
import java.time.Instant;

/**
 * A customer's access. {@code requestedUuid} is chosen once, when the subscription is created, and sent on every
 * provisioning attempt, so a retry can never create a second user. {@code uuid} and {@code vlessLink} are what the
 * API returned, null until the first successful provisioning. {@link #toString()} never shows the link.
 */
public record Subscription(
        long userId,
        String requestedUuid,
        String uuid,
        String vlessLink,
        Instant expiresAt,
        Instant provisionedExpiresAt) {

    public boolean hasKey() {
        return uuid != null && vlessLink != null;
    }

    public boolean activeAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    /** Whether the API already knows the current expiry. */
    public boolean inSync() {
        return hasKey() && expiresAt.equals(provisionedExpiresAt);
    }

    @Override
    public String toString() {
        return "Subscription[userId=" + userId + ", uuid=" + Uuids.shortForm(uuid != null ? uuid : requestedUuid)
                + ", hasKey=" + hasKey() + ", expiresAt=" + expiresAt + ", provisionedExpiresAt="
                + provisionedExpiresAt + "]";
    }
}
