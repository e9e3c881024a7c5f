package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /remove-user}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RemoveUserRequest(String uuid) {}
