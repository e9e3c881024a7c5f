package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.ActiveUsersDigest;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.users.UserPageEntry;
import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bot needs to find and repair drift on this node: pages of users in uuid order and the digest of who has
 * access now. Both read the in-memory view only, never the disk or Xray. Thread-safe.
 */
public final class UserListing {
    private final UserView view;
    private final Clock clock;

    public UserListing(UserView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    /** {@code after} and {@code limit} as they came in the query string; either may be null. */
    public UserPage page(String after, String limit) {
        String from = after == null || after.isBlank() ? null : Uuids.requireValid(after);
        int size = limit(limit);
        List<UserRecord> rows = view.page(from, size);
        List<UserPageEntry> users = new ArrayList<>(rows.size());
        for (UserRecord r : rows) {
            users.add(new UserPageEntry(r.uuid(), r.expiryMs() == null ? 0L : r.expiryMs(), r.state()));
        }
        String next = rows.size() == size ? rows.get(rows.size() - 1).uuid() : null;
        return new UserPage(users, next);
    }

    /** The users with access now: active and not yet past their expiry (a user without one counts with 0). */
    public UserDigest digest() {
        long now = clock.millis();
        ActiveUsersDigest digest = new ActiveUsersDigest();
        for (UserRecord r : view.inUuidOrder()) {
            if (r.active() && (r.expiryMs() == null || r.expiryMs() > now)) {
                digest.add(r.uuid(), r.expiryMs() == null ? 0L : r.expiryMs());
            }
        }
        return digest.finish();
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return UserPage.MAX_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= UserPage.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below with the value that was sent
        }
        String shown = raw.length() > 16 ? raw.substring(0, 16) + "..." : raw;
        throw new ContractViolation(
                ErrorCode.INVALID_FIELD, "limit=" + shown + " but it must be 1 to " + UserPage.MAX_LIMIT);
    }
}
