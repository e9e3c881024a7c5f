package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One user of a {@link UserPage}: what a node holds, without its link or traffic. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserPageEntry(String uuid, long expiryTimestampMs, UserState state) {}
