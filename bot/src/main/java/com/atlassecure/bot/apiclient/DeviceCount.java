package com.atlassecure.bot.apiclient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One node's answer about a key's devices, validated: never an address, only counts. {@code detail} says why a node
 * does not enforce the limit.
 */
public record DeviceCount(int limit, int online, int blocked, int lifted, boolean enforced, String detail) {

    /** Reads and checks the answer to {@code route} for {@code sentUuid}; {@link InvalidResponseError} otherwise. */
    static DeviceCount read(String route, String sentUuid, JsonNode body) {
        if (body == null || !sentUuid.equalsIgnoreCase(body.path("uuid").asText(""))) {
            throw new InvalidResponseError(route + ": the answer names another uuid or none");
        }
        int limit = count(route, body, "limit");
        if (limit < 1) {
            throw new InvalidResponseError(route + ": limit " + limit + " is not a limit");
        }
        JsonNode enforced = body.get("enforced");
        if (enforced == null || !enforced.isBoolean()) {
            throw new InvalidResponseError(route + ": the answer lacks 'enforced'");
        }
        return new DeviceCount(
                limit,
                count(route, body, "online"),
                count(route, body, "blocked"),
                count(route, body, "lifted"),
                enforced.asBoolean(),
                body.path("detail").asText(""));
    }

    private static int count(String route, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw new InvalidResponseError(route + ": '" + field + "' is not a count");
        }
        return value.asInt();
    }
}
