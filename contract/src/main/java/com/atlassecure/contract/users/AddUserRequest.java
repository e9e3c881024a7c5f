package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /add-user}: create (or idempotently re-create) the user with this UUID. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddUserRequest(long telegramId, String uuid, long expiryTimestampMs) {}
