package com.atlassecure.api.store;

import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.validation.Uuids;

/**
 * One row of the user store. {@code telegramId} is null for clients imported from a config or recovered without
 * one; {@code expiryMs} is null for imported clients that had no {@code expiryTime} (they never expire).
 */
public record UserRecord(
        String uuid, Long telegramId, String email, Long expiryMs, UserState state, long createdMs, long updatedMs) {

    public boolean active() {
        return state == UserState.active;
    }

    public UserRecord with(UserState newState, Long newExpiryMs, long nowMs) {
        return new UserRecord(uuid, telegramId, email, newExpiryMs, newState, createdMs, nowMs);
    }

    /** The same row under another email (freeing this one for another uuid); history stays, state unchanged. */
    public UserRecord withEmail(String newEmail, long nowMs) {
        return new UserRecord(uuid, telegramId, newEmail, expiryMs, state, createdMs, nowMs);
    }

    @Override
    public String toString() {
        return "UserRecord[uuid=" + Uuids.shortForm(uuid) + ", telegramId=" + telegramId + ", email=" + email
                + ", expiryMs=" + expiryMs + ", state=" + state + "]";
    }
}
