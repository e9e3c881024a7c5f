package com.atlassecure.api.users;

import java.time.Duration;

/**
 * The server's own limits on users (API_MAX_EXPIRY_DAYS, API_MAX_USERS): how far ahead access may be granted, and how
 * many users may be active at once (the memory budget of decision 0008). Immutable.
 */
public record UserLimits(Duration maxExpiryAhead, long maxActiveUsers) {
    public UserLimits {
        if (maxExpiryAhead.isNegative() || maxExpiryAhead.isZero()) {
            throw new IllegalArgumentException("maxExpiryAhead must be positive, got " + maxExpiryAhead);
        }
        if (maxActiveUsers < 1) {
            throw new IllegalArgumentException("maxActiveUsers must be at least 1, got " + maxActiveUsers);
        }
    }
}
