package com.atlassecure.bot.config;

import com.atlassecure.contract.settings.AppEnv;
import com.atlassecure.contract.settings.BotEnvRules;
import com.atlassecure.contract.settings.FleetNodes;
import com.atlassecure.contract.signing.ApiKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One node of the fleet the bot provisions on, and its credentials: from {@code <ENV>_XRAY_API_NODES} (the fleet's
 * format, read and checked by {@link FleetNodes}: unique names, https in production, long keys) or from the older
 * {@code <ENV>_XRAY_API_URL} + {@code _KEY} pair (a fleet of one node named {@code main}).
 */
public record ApiEndpoint(String node, String country, URI url, String key, byte[] signingSecret) {
    static final String LEGACY_NODE = "main";
    /** The old pair names no country; ZZ is ISO 3166's code for an unknown one. */
    static final String LEGACY_COUNTRY = "ZZ";

    static final String SIGNING_SECRET = "XRAY_API_SIGNING_SECRET";

    public ApiEndpoint {
        signingSecret = signingSecret == null ? null : signingSecret.clone();
    }

    @Override
    public byte[] signingSecret() {
        return signingSecret == null ? null : signingSecret.clone();
    }

    static List<ApiEndpoint> read(Map<String, String> env, AppEnv appEnv) {
        String nodes = BotConfig.optional(env, appEnv.nodesVariable());
        if (nodes == null) {
            return List.of(legacy(env, appEnv));
        }
        for (String other : List.of(appEnv.urlVariable(), appEnv.keyVariable(), SIGNING_SECRET)) {
            if (BotConfig.optional(env, other) != null) {
                throw new ConfigException(appEnv.nodesVariable() + " and " + other + " are both set: the node list"
                        + " carries each node's url, key and signing_secret; remove " + other);
            }
        }
        List<FleetNodes.Node> fleet = BotConfig.shared(() -> FleetNodes.parse(appEnv, nodes));
        return fleet.stream()
                .map(n -> new ApiEndpoint(
                        n.name(),
                        n.country(),
                        n.url(),
                        n.key(),
                        n.signingSecret() == null ? null : n.signingSecret().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    private static ApiEndpoint legacy(Map<String, String> env, AppEnv appEnv) {
        URI apiUrl = BotConfig.httpUrl(appEnv.urlVariable(), BotConfig.required(env, appEnv.urlVariable()));
        if (appEnv == AppEnv.PROD && "http".equals(apiUrl.getScheme()) && !BotConfig.isLoopback(apiUrl.getHost())) {
            throw new ConfigException(appEnv.urlVariable() + " must use https in prod (the API key travels in a"
                    + " header), got " + apiUrl);
        }
        String apiKey = BotConfig.required(env, appEnv.keyVariable());
        if (apiKey.length() < BotEnvRules.MIN_API_KEY_LENGTH) {
            throw new ConfigException(appEnv.keyVariable() + " must be at least 32 characters, got " + apiKey.length()
                    + " (" + ApiKeys.fingerprint(apiKey) + ")");
        }
        String secret = BotConfig.optional(env, SIGNING_SECRET);
        byte[] signingSecret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        if (signingSecret != null && signingSecret.length < 32) {
            throw new ConfigException(SIGNING_SECRET + " must be at least 32 bytes, got " + signingSecret.length);
        }
        return new ApiEndpoint(LEGACY_NODE, LEGACY_COUNTRY, apiUrl, apiKey, signingSecret);
    }

    /** Never the key or the secret. */
    @Override
    public String toString() {
        return "ApiEndpoint[node=" + node + ", url=" + url + ", key=" + ApiKeys.fingerprint(key) + ", signing="
                + (signingSecret != null) + "]";
    }
}
