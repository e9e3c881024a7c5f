package com.atlassecure.bot.apiclient;

/**
 * Base of every failure of a call to the API. The subclasses say whether retrying can help: {@link
 * ApiUnavailableError} (network, timeout, 5xx, 429) and {@link InvalidResponseError} are retried by the outbox,
 * {@link ApiRejectedError} (the API refused the request itself) is retried too but alerts sooner.
 */
public abstract sealed class ApiCallException extends RuntimeException
        permits ApiUnavailableError, ApiRejectedError, InvalidResponseError {
    ApiCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
