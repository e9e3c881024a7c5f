package com.atlassecure.contract.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /add-user}: create (or idempotently re-create) the user with this UUID. {@code deviceLimit} is
 * optional: how many addresses the key may use at once (absent: the node keeps what it had, or its default).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddUserRequest(
        long telegramId,
        String uuid,
        long expiryTimestampMs,
        // Left out when absent, so a bot without limits still speaks to a node that predates the field.
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer deviceLimit) {

    public AddUserRequest(long telegramId, String uuid, long expiryTimestampMs) {
        this(telegramId, uuid, expiryTimestampMs, null);
    }
}
