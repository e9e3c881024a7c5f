package com.atlassecure.contract.settings;

/** A setting's value breaks a shared rule; the message names the variable, the value and what is accepted. */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
