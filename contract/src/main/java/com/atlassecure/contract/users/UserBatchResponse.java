package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Answer to {@code POST /users/batch}: one result per item, in the order of the items. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserBatchResponse(List<UserBatchResult> results) {
    public UserBatchResponse {
        results = List.copyOf(results);
    }
}
