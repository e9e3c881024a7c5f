package com.atlassecure.contract.validation;

import com.atlassecure.contract.errors.ErrorCode;
import java.time.Duration;
import java.time.Instant;

/**
 * Bounds on {@code expiry_timestamp_ms}. The field is epoch milliseconds; a value in seconds (the classic mistake)
 * falls below the lower bound and is rejected instead of silently expiring the customer in 1970.
 */
public final class Expiry {
    /** 2020-01-01T00:00:00Z: nothing this system sells can expire before it existed. */
    public static final long MIN_MS = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    /** 2100-01-01T00:00:00Z: far beyond any plan, and safely inside every client's date range. */
    public static final long MAX_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private Expiry() {}

    public static long requireValid(long expiryMs) {
        if (expiryMs < MIN_MS || expiryMs >= MAX_MS) {
            throw new ContractViolation(
                    ErrorCode.INVALID_EXPIRY,
                    "expiry_timestamp_ms must be epoch milliseconds in [" + MIN_MS + ", " + MAX_MS + "), got "
                            + expiryMs);
        }
        return expiryMs;
    }

    /**
     * {@link #requireValid} and at most {@code horizon} after {@code nowMs}: a server's own limit on how far ahead
     * access can be granted, so that a leaked key cannot grant lifetime access. A past expiry passes (a refund may
     * end access now); {@link #MAX_MS} stays the absolute bound.
     */
    public static long requireWithinHorizon(long expiryMs, long nowMs, Duration horizon) {
        requireValid(expiryMs);
        long last = nowMs + horizon.toMillis();
        if (expiryMs > last) {
            throw new ContractViolation(
                    ErrorCode.INVALID_EXPIRY,
                    "expiry_timestamp_ms " + expiryMs + " (" + Instant.ofEpochMilli(expiryMs) + ") is more than "
                            + horizon.toDays() + " days ahead; this server grants access up to " + last + " ("
                            + Instant.ofEpochMilli(last) + ")");
        }
        return expiryMs;
    }
}
