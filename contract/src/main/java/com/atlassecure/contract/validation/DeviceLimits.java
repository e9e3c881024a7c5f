package com.atlassecure.contract.validation;

import com.atlassecure.contract.errors.ErrorCode;

/** Bounds on {@code device_limit}: how many source addresses a key may use at once on one node. */
public final class DeviceLimits {
    /** A household behind one address counts once; beyond this a limit stops limiting anything. */
    public static final int MAX = 100;

    private DeviceLimits() {}

    /** Null (the node's default) or 1..{@link #MAX}. */
    public static Integer requireValid(Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX)) {
            throw new ContractViolation(
                    ErrorCode.INVALID_FIELD, "device_limit must be between 1 and " + MAX + ", got " + limit);
        }
        return limit;
    }
}
