package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import java.util.Optional;

/**
 * What a command decides against: the committed users, plus how many users the commands decided earlier in the same
 * batch will activate. Commands of one batch all see the same committed state, so a limit checked against the
 * committed count alone would let one batch overshoot it.
 */
record BatchView(UserView committed, long activatingInBatch) {

    Optional<UserRecord> byUuid(String uuid) {
        return committed.byUuid(uuid);
    }

    Optional<UserRecord> byEmail(String email) {
        return committed.byEmail(email);
    }

    /** The active users a new activation must count: the committed ones plus those activated earlier in the batch. */
    long activeCountWithBatch() {
        return committed.activeCount() + activatingInBatch;
    }
}
