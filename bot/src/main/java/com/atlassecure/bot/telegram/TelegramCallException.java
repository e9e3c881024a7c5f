package com.atlassecure.bot.telegram;

/**
 * Telegram refused or failed a call. {@link #retryAfterSeconds()} is set for 429 flood control; {@link #blocked()}
 * is true when the user blocked the bot (403), which no retry can fix.
 */
public final class TelegramCallException extends RuntimeException {
    private final int errorCode;
    private final Integer retryAfterSeconds;

    public TelegramCallException(
            String method, int errorCode, Integer retryAfterSeconds, String description, Throwable cause) {
        super(
                method + " failed: error_code=" + errorCode + " description=" + description
                        + (retryAfterSeconds == null ? "" : " retry_after=" + retryAfterSeconds),
                cause);
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int errorCode() {
        return errorCode;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean blocked() {
        return errorCode == 403;
    }
}
