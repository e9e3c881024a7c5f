package com.atlassecure.contract.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /update-user}. {@code telegramId} is optional: when present and the client has to be
 * recovered, the recovered client keeps the {@code user_<telegram_id>} email. {@code deviceLimit} is optional too
 * (absent: unchanged).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateUserRequest(
        String uuid,
        long expiryTimestampMs,
        Long telegramId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deviceLimit) {

    public UpdateUserRequest(String uuid, long expiryTimestampMs, Long telegramId) {
        this(uuid, expiryTimestampMs, telegramId, null);
    }
}
