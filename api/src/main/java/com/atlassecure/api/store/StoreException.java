package com.atlassecure.api.store;

/** The user store could not read or commit; the change was neither made durable nor left live. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
