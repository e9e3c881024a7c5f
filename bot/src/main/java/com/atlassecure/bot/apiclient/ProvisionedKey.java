package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.validation.Uuids;

/**
 * A validated answer from add-user or update-user: the uuid and link exactly as the API returned them (the uuid
 * after {@code strip()}, the only change allowed), the expiry it applied, and its {@code client_configs} object as
 * compact JSON (null from a node that sends none). {@link #toString()} hides the link and the configs.
 */
public record ProvisionedKey(String uuid, String vlessLink, long expiryTimestampMs, String clientConfigs) {
    public ProvisionedKey(String uuid, String vlessLink, long expiryTimestampMs) {
        this(uuid, vlessLink, expiryTimestampMs, null);
    }

    @Override
    public String toString() {
        return "ProvisionedKey[uuid=" + Uuids.shortForm(uuid) + ", expiryTimestampMs=" + expiryTimestampMs
                + ", clientConfigs=" + (clientConfigs != null) + "]";
    }
}
