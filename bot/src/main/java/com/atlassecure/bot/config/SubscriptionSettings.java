package com.atlassecure.bot.config;

import com.atlassecure.contract.settings.SubscriptionOrigin;
import java.net.URI;
import java.util.Map;

/**
 * Where customers fetch their subscription URL ({@code /sub/<token>}). {@code baseUrl} is the public origin the bot
 * puts in links (null: the feature is off and "My key" shows the raw link only). In webhook mode the webhook listener
 * serves it; in long-polling mode its own listener on {@code listenHost:listenPort}. {@code perIpPerMinute} bounds
 * fetches per client address, found or not.
 */
public record SubscriptionSettings(
        URI baseUrl, String listenHost, int listenPort, int perIpPerMinute, int updateIntervalHours) {

    public static final SubscriptionSettings OFF = new SubscriptionSettings(null, null, -1, 60, 12);

    public boolean enabled() {
        return baseUrl != null;
    }

    /** The customer's subscription URL. */
    public String url(String token) {
        return baseUrl + "/sub/" + token;
    }

    /** Whether the public URL is https, which Telegram requires of a Mini App. */
    public boolean miniAppPossible() {
        return enabled() && "https".equals(baseUrl.getScheme());
    }

    static SubscriptionSettings read(Map<String, String> env, BotConfig.Webhook webhook) {
        String base = BotConfig.optional(env, SubscriptionOrigin.VARIABLE);
        String listen = BotConfig.optional(env, "SUBSCRIPTION_LISTEN");
        if (webhook != null && listen != null) {
            throw new ConfigException("SUBSCRIPTION_LISTEN is for long-polling mode; with WEBHOOK_URL set the webhook"
                    + " listener (" + webhook.listenHost() + ":" + webhook.listenPort() + ") serves /sub/ too");
        }
        URI baseUrl = base != null ? origin(SubscriptionOrigin.VARIABLE, base) : null;
        if (baseUrl == null && webhook != null) {
            baseUrl = origin(
                    "WEBHOOK_URL",
                    webhook.url().getScheme() + "://" + webhook.url().getRawAuthority());
        }
        int perMinute = BotConfig.integer(env, "SUBSCRIPTION_RATE_PER_MINUTE", 60, 1, 1_000_000);
        int hours = BotConfig.integer(env, "SUBSCRIPTION_UPDATE_HOURS", 12, 1, 168);
        if (baseUrl == null) {
            if (listen != null) {
                throw new ConfigException("SUBSCRIPTION_LISTEN is set but SUBSCRIPTION_BASE_URL is not: the bot cannot"
                        + " give customers a URL it does not know");
            }
            return new SubscriptionSettings(null, null, -1, perMinute, hours);
        }
        if (webhook != null) {
            return new SubscriptionSettings(baseUrl, webhook.listenHost(), webhook.listenPort(), perMinute, hours);
        }
        String hostPort = listen != null ? listen : "0.0.0.0:" + env.getOrDefault("PORT", "8080");
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new ConfigException("SUBSCRIPTION_LISTEN must be host:port, got '" + hostPort + "'");
        }
        int port = BotConfig.parseInt("SUBSCRIPTION_LISTEN", hostPort.substring(colon + 1), 0, 65535);
        return new SubscriptionSettings(baseUrl, hostPort.substring(0, colon), port, perMinute, hours);
    }

    private static URI origin(String name, String raw) {
        return BotConfig.shared(() -> SubscriptionOrigin.parse(name, raw));
    }
}
