package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /user-state}: the uuid travels in the body, never in a URL that proxies log (finding L13). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserStateRequest(String uuid) {}
