package com.atlassecure.bot.apiclient;

/**
 * The API answered 2xx with something the bot cannot trust (design principle 6): a missing field, another uuid, or
 * a link that is not a link for the uuid sent. Nothing from such a response is ever stored.
 */
public final class InvalidResponseError extends ApiCallException {
    public InvalidResponseError(String message) {
        super(message, null);
    }
}
