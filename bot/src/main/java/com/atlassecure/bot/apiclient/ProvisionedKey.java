package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.validation.Uuids;

/**
 * A validated answer from add-user or update-user: the uuid and link exactly as the API returned them (the uuid
 * after {@code strip()}, the only change allowed), and the expiry it applied. {@link #toString()} hides the link.
 */
public record ProvisionedKey(String uuid, String vlessLink, long expiryTimestampMs) {
    @Override
    public String toString() {
        return "ProvisionedKey[uuid=" + Uuids.shortForm(uuid) + ", expiryTimestampMs=" + expiryTimestampMs + "]";
    }
}
