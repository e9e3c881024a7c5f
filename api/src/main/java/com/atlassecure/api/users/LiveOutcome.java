package com.atlassecure.api.users;

/** What applying a {@link LiveOp} found and did in Xray. */
enum LiveOutcome {
    /** Nothing was asked. */
    NONE,
    /** The user was not live and was added. */
    ADDED,
    /** The exact account was already live; nothing changed. */
    ALREADY_LIVE,
    /** Another account held the email live; it was replaced by ours. */
    REPLACED,
    /** The user was live and was removed. */
    REMOVED,
    /** The user was not live; nothing to remove. */
    WAS_ABSENT;

    /** True when the user was not live as intended before this change. */
    boolean repairedLive() {
        return this == ADDED || this == REPLACED;
    }
}
