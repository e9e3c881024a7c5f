package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One user's traffic counters in a {@link UserTrafficList}: bytes since Xray last started, as Xray counts them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserTrafficEntry(String uuid, long uplinkBytes, long downlinkBytes) {}
