package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Answer to {@code GET /users/{uuid}}: state, expiry and traffic counters read from Xray's StatsService. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserStateResponse(
        String uuid,
        String email,
        UserState state,
        long expiryTimestampMs,
        long uplinkBytes,
        long downlinkBytes,
        boolean online) {}
