package com.atlassecure.bot.apiclient;

/** The API could not be reached or answered 5xx/429: nothing happened that the bot can rely on; retry later. */
public final class ApiUnavailableError extends ApiCallException {
    public ApiUnavailableError(String message, Throwable cause) {
        super(message, cause);
    }
}
