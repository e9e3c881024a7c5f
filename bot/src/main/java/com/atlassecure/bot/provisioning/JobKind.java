package com.atlassecure.bot.provisioning;

/** What a provisioning job does at the API. */
public enum JobKind {
    /** add-user when the customer has no key yet, else update-user, with the subscription's current expiry. */
    PROVISION,
    /** remove-user: access was revoked. */
    REMOVE
}
