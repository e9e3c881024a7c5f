package com.atlassecure.contract.validation;

import com.atlassecure.contract.errors.ErrorCode;

/** Thrown when a value breaks a contract rule; carries the stable code and a message naming the value. */
public final class ContractViolation extends IllegalArgumentException {
    private final ErrorCode code;

    public ContractViolation(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
