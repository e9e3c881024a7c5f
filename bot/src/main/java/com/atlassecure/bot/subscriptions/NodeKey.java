package com.atlassecure.bot.subscriptions;

import java.time.Instant;

/**
 * A customer's key on one node: the link exactly as that node's API returned it, and the expiry the node confirmed.
 * {@link #toString()} never shows the link.
 */
public record NodeKey(String node, String uuid, String vlessLink, Instant provisionedExpiresAt) {
    @Override
    public String toString() {
        return "NodeKey[node=" + node + ", provisionedExpiresAt=" + provisionedExpiresAt + "]";
    }
}
