package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Answer to {@code GET /users/traffic}: every user the node holds that has counted any bytes, in uuid order, read from
 * Xray in one query. A bot sums these over its nodes for a subscription's {@code subscription-userinfo}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserTrafficList(List<UserTrafficEntry> users) {
    public UserTrafficList {
        users = List.copyOf(users);
    }
}
