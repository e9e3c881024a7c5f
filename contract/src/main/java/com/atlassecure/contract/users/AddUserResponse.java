package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Answer to {@code POST /add-user}; {@code uuid} mirrors the request exactly. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddUserResponse(String uuid, String email, long expiryTimestampMs, String vlessLink) {}
