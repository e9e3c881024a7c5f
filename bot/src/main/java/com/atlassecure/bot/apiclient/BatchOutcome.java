package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.errors.ErrorCode;

/** What a node answered for one item of a batch, validated like the single routes' answers. */
public sealed interface BatchOutcome {
    /** add or update succeeded: the key as the node built it, checked against the uuid sent. */
    record Key(ProvisionedKey key, boolean recovered) implements BatchOutcome {}

    /** remove succeeded; {@code existed} is false when the node did not hold the user. */
    record Removed(String uuid, boolean existed) implements BatchOutcome {}

    /** The item failed alone, with the status and stable code its single route would have answered. */
    record Failed(int status, ErrorCode code, String message) implements BatchOutcome {
        /** Whether retrying the same item later can succeed (the node or Xray was unavailable). */
        public boolean retryable() {
            return status >= 500 || status == 429;
        }
    }
}
