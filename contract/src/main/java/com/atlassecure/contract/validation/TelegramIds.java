package com.atlassecure.contract.validation;

import com.atlassecure.contract.errors.ErrorCode;

/** Bounds on {@code telegram_id}: Telegram user ids are positive and fit in 52 bits. */
public final class TelegramIds {
    public static final long MAX = (1L << 52) - 1;

    private TelegramIds() {}

    public static long requireValid(long telegramId) {
        if (telegramId <= 0 || telegramId > MAX) {
            throw new ContractViolation(
                    ErrorCode.INVALID_FIELD, "telegram_id must be in [1, " + MAX + "], got " + telegramId);
        }
        return telegramId;
    }

    /** The Xray email the API gives a customer's client. */
    public static String email(long telegramId) {
        return "user_" + requireValid(telegramId);
    }
}
