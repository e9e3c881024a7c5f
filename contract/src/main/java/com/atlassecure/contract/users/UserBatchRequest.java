package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Body of {@code POST /users/batch}: 1 to {@link #MAX_ITEMS} changes, committed together and answered one by one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserBatchRequest(List<UserBatchItem> items) {
    public static final int MAX_ITEMS = 1000;
}
