package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One change in {@code POST /users/batch}: {@code op} is {@code add} (telegram_id, uuid, expiry), {@code update}
 * (uuid, expiry, optional telegram_id) or {@code remove} (uuid). It is a string rather than an enum so that an unknown
 * op fails only its own item.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserBatchItem(String op, Long telegramId, String uuid, Long expiryTimestampMs) {
    public static final String ADD = "add";
    public static final String UPDATE = "update";
    public static final String REMOVE = "remove";

    public static UserBatchItem add(long telegramId, String uuid, long expiryMs) {
        return new UserBatchItem(ADD, telegramId, uuid, expiryMs);
    }

    public static UserBatchItem update(String uuid, long expiryMs) {
        return new UserBatchItem(UPDATE, null, uuid, expiryMs);
    }

    public static UserBatchItem remove(String uuid) {
        return new UserBatchItem(REMOVE, null, uuid, null);
    }
}
