package com.atlassecure.contract.devices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer to {@code POST /users/devices} and {@code POST /users/devices/reset}: how many addresses the key uses on
 * this node now, how many are blocked for being over the limit, and whether the node enforces the limit at all. No
 * address is ever returned. {@code lifted} is how many blocks a reset removed (0 for a read).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserDevicesResponse(
        String uuid, int limit, int online, int blocked, int lifted, boolean enforced, String detail) {}
