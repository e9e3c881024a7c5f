package com.atlassecure.contract.users;

import com.atlassecure.contract.errors.ErrorBody;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to one item of a batch, at the same index: {@code status} is what the single route would have answered.
 * On 200 the fields of that route's answer are set ({@code vless_link} and {@code expiry_timestamp_ms} for add and
 * update, {@code recovered} for update, {@code removed} for remove); otherwise {@code error} says why, with the same
 * codes as the single routes.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserBatchResult(
        String uuid,
        int status,
        Long expiryTimestampMs,
        String vlessLink,
        Boolean recovered,
        Boolean removed,
        ErrorBody.Detail error) {

    public boolean ok() {
        return status == 200;
    }
}
