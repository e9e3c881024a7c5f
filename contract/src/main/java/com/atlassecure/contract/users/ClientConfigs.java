package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What each kind of client app imports for one user, built by the node's API from the inbound it owns, beside the
 * {@code vless_link} (design principle 12): a sing-box outbound, a Clash/Mihomo proxy entry, and an Xray outbound.
 * The bot stores and assembles them into a subscription; it never builds or edits one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientConfigs(JsonNode singBox, JsonNode clash, JsonNode xray) {}
