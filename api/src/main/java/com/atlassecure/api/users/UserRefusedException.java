package com.atlassecure.api.users;

import com.atlassecure.contract.errors.ErrorCode;

/** A user change refused for a business reason (unknown user, conflict); carries the stable error code. */
public final class UserRefusedException extends RuntimeException {
    private final ErrorCode code;

    public UserRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
