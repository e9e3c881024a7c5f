package com.atlassecure.contract.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer to {@code POST /update-user}; {@code recovered} is true when the client was missing and was added back.
 * {@code clientConfigs} as in {@link AddUserResponse}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateUserResponse(
        String uuid,
        long expiryTimestampMs,
        String vlessLink,
        boolean recovered,
        @JsonInclude(JsonInclude.Include.NON_NULL) ClientConfigs clientConfigs) {

    public UpdateUserResponse(String uuid, long expiryTimestampMs, String vlessLink, boolean recovered) {
        this(uuid, expiryTimestampMs, vlessLink, recovered, null);
    }
}
