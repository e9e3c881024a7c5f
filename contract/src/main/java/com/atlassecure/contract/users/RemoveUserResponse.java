package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Answer to {@code POST /remove-user}; {@code removed} is false when the user did not exist (removal is idempotent). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RemoveUserResponse(String uuid, boolean removed) {}
