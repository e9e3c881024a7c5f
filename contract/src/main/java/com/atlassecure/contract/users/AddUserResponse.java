package com.atlassecure.contract.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer to {@code POST /add-user}; {@code uuid} mirrors the request exactly. {@code clientConfigs} are the same key
 * for apps that import a config rather than a link (absent from nodes that predate them).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddUserResponse(
        String uuid,
        String email,
        long expiryTimestampMs,
        String vlessLink,
        @JsonInclude(JsonInclude.Include.NON_NULL) ClientConfigs clientConfigs) {

    public AddUserResponse(String uuid, String email, long expiryTimestampMs, String vlessLink) {
        this(uuid, email, expiryTimestampMs, vlessLink, null);
    }
}
