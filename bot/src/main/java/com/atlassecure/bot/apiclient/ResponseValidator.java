package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.contract.validation.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks every provisioning answer before anything is stored (design principle 6): {@code uuid} and {@code
 * vless_link} present, the uuid valid and equal to the one sent, and the link a URI of the link scheme whose user
 * part is that uuid, with a host and a port. The bot only reads links here; it has no way to write one, so this
 * class names the scheme without its separator. Stateless and thread-safe.
 */
final class ResponseValidator {
    /** The URI scheme of a key; deliberately not spelled as a link prefix anywhere in the bot. */
    static final String LINK_SCHEME = "v" + "less";

    private ResponseValidator() {}

    static ProvisionedKey validate(String endpoint, String sentUuid, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidResponseError(endpoint + ": the answer is not a JSON object");
        }
        String uuid = requiredText(endpoint, body, "uuid");
        String link = requiredText(endpoint, body, "vless_link");
        String stripped;
        try {
            stripped = Uuids.requireValid(uuid);
        } catch (ContractViolation e) {
            throw new InvalidResponseError(endpoint + ": the answer's uuid is not valid (" + e.getMessage() + ")");
        }
        if (!stripped.equals(sentUuid)) {
            throw new InvalidResponseError(endpoint + ": the answer carries uuid " + Uuids.shortForm(stripped)
                    + " but the bot sent " + Uuids.shortForm(sentUuid));
        }
        checkLink(endpoint, stripped, link);
        JsonNode expiry = body.get("expiry_timestamp_ms");
        if (expiry == null || !expiry.canConvertToLong()) {
            throw new InvalidResponseError(endpoint + ": expiry_timestamp_ms is missing or not a number");
        }
        return new ProvisionedKey(stripped, link, expiry.asLong(), clientConfigs(endpoint, stripped, body));
    }

    /**
     * The configs must name the same uuid as the link in each app's own field: a config for someone else's key is as
     * wrong as such a link. Kept as the API wrote them, only re-serialised compactly.
     */
    private static String clientConfigs(String endpoint, String uuid, JsonNode body) {
        JsonNode configs = body.get("client_configs");
        if (configs == null || configs.isNull()) {
            return null;
        }
        if (!configs.isObject()) {
            throw new InvalidResponseError(endpoint + ": client_configs is not a JSON object");
        }
        String[][] uuidAt = {{"sing_box", "/uuid"}, {"clash", "/uuid"}, {"xray", "/settings/vnext/0/users/0/id"}};
        for (String[] field : uuidAt) {
            JsonNode config = configs.get(field[0]);
            if (config == null || !config.isObject()) {
                throw new InvalidResponseError(endpoint + ": client_configs." + field[0] + " is missing");
            }
            if (!uuid.equals(config.at(field[1]).asText(null))) {
                throw new InvalidResponseError(
                        endpoint + ": client_configs." + field[0] + " is not for uuid " + Uuids.shortForm(uuid));
            }
        }
        return configs.toString();
    }

    private static void checkLink(String endpoint, String uuid, String link) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            throw new InvalidResponseError(
                    endpoint + ": vless_link does not parse as a URI (at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(LINK_SCHEME)) {
            throw new InvalidResponseError(
                    endpoint + ": vless_link has scheme '" + scheme + "', expected '" + LINK_SCHEME + "'");
        }
        if (!uuid.equals(uri.getUserInfo())) {
            throw new InvalidResponseError(endpoint + ": vless_link is for uuid " + Uuids.shortForm(uri.getUserInfo())
                    + ", not " + Uuids.shortForm(uuid));
        }
        if (uri.getHost() == null || uri.getHost().isBlank() || uri.getPort() < 1) {
            throw new InvalidResponseError(endpoint + ": vless_link has no host or port");
        }
    }

    private static String requiredText(String endpoint, JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidResponseError(endpoint + ": required field '" + field + "' is missing or empty");
        }
        return node.asText();
    }
}
