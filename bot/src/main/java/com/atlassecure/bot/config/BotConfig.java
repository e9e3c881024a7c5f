package com.atlassecure.bot.config;

import com.atlassecure.contract.settings.AppEnv;
import com.atlassecure.contract.settings.BotEnvRules;
import com.atlassecure.contract.settings.DurationSetting;
import com.atlassecure.contract.settings.InvalidSettingException;
import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.contract.validation.DeviceLimits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Everything the bot is configured with, read once from the environment and validated before anything starts.
 * The bot knows where the API is and how to authenticate to it, and nothing about the VPN server itself (design
 * principle 5). Secrets (token, API key, signing secret, webhook secret) never appear in {@link #toString()}.
 */
public record BotConfig(
        String botToken,
        AppEnv appEnv,
        List<ApiEndpoint> nodes,
        Duration apiTimeout,
        boolean provisioningEnabled,
        DatabaseSettings database,
        Set<Long> adminIds,
        List<Plan> plans,
        int trialDays,
        String supportContact,
        Webhook webhook,
        URI telegramApiUrl,
        Duration drainGrace,
        SubscriptionSettings subscription) {

    /**
     * How long a drained node keeps serving the customers it holds: a day lets every app refresh its subscription
     * and lets a customer who connects once a day find another node before the old one goes.
     */
    static final String DEFAULT_DRAIN_GRACE = "24h";

    public static final List<Plan> DEFAULT_PLANS =
            List.of(new Plan(1, 100), new Plan(3, 270), new Plan(6, 500), new Plan(12, 900));
    private static final Pattern TOKEN = Pattern.compile("\\d{3,20}:[A-Za-z0-9_-]{20,100}");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{16,256}");

    /** Webhook mode: Telegram posts updates to {@code url}; we listen on {@code listenHost:listenPort}. */
    public record Webhook(URI url, String secret, String listenHost, int listenPort) {
        public String path() {
            String path = url.getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + ApiKeys.fingerprint(secret) + ", listen=" + listenHost + ":"
                    + listenPort + "]";
        }
    }

    public BotConfig {
        adminIds = Set.copyOf(adminIds);
        plans = List.copyOf(plans);
        nodes = List.copyOf(nodes);
    }

    public boolean webhookMode() {
        return webhook != null;
    }

    public boolean isAdmin(long telegramId) {
        return adminIds.contains(telegramId);
    }

    public Plan plan(String id) {
        return plans.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    /** Reads and validates the configuration; throws {@link ConfigException} naming the first bad setting. */
    public static BotConfig fromEnv(Map<String, String> env) {
        String token = required(env, "BOT_TOKEN");
        if (!TOKEN.matcher(token).matches()) {
            throw new ConfigException("BOT_TOKEN does not look like <digits>:<secret> (" + ApiKeys.fingerprint(token)
                    + ", " + token.length() + " chars)");
        }
        AppEnv appEnv = shared(() -> BotEnvRules.appEnv(env.get(BotEnvRules.APP_ENV)));
        List<ApiEndpoint> nodes = ApiEndpoint.read(env, appEnv);
        Duration apiTimeout =
                shared(() -> DurationSetting.parse("XRAY_API_TIMEOUT", env.getOrDefault("XRAY_API_TIMEOUT", "10s")));
        boolean provisioning =
                shared(() -> BotEnvRules.provisioningEnabled(appEnv, env.get(BotEnvRules.PROVISIONING_SWITCH)));
        int trialDays = integer(env, "TRIAL_DAYS", 3, 0, 30);
        String support =
                env.getOrDefault("SUPPORT_CONTACT", "@atlassecure_support").strip();
        if (support.isEmpty()) {
            throw new ConfigException("SUPPORT_CONTACT must not be empty: /paysupport has to name someone");
        }
        Webhook webhook = webhook(env);
        return new BotConfig(
                token,
                appEnv,
                nodes,
                apiTimeout,
                provisioning,
                DatabaseSettings.parse(env.get("DATABASE_URL")),
                adminIds(env.getOrDefault("ADMIN_IDS", "")),
                plans(env.get("PLANS")),
                trialDays,
                support,
                webhook,
                telegramApiUrl(env),
                shared(() -> DurationSetting.parse(
                        "NODE_DRAIN_GRACE", env.getOrDefault("NODE_DRAIN_GRACE", DEFAULT_DRAIN_GRACE))),
                SubscriptionSettings.read(env, webhook));
    }

    /** The token travels in the URL path, and polled updates could be forged on the way: https off loopback. */
    private static URI telegramApiUrl(Map<String, String> env) {
        URI uri = httpUrl("TELEGRAM_API_URL", env.getOrDefault("TELEGRAM_API_URL", "https://api.telegram.org"));
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new ConfigException("TELEGRAM_API_URL must use https unless its host is loopback (the bot token is"
                    + " in every request's path), got " + uri);
        }
        return uri;
    }

    private static Webhook webhook(Map<String, String> env) {
        String url = optional(env, "WEBHOOK_URL");
        if (url == null) {
            return null;
        }
        URI uri = httpUrl("WEBHOOK_URL", url);
        if (!"https".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new ConfigException("WEBHOOK_URL must be https (Telegram only posts to https), got " + uri);
        }
        String secret = optional(env, "WEBHOOK_SECRET");
        if (secret == null) {
            throw new ConfigException("WEBHOOK_SECRET is required when WEBHOOK_URL is set: without it anyone who"
                    + " finds the URL can post fake updates");
        }
        if (!WEBHOOK_SECRET.matcher(secret).matches()) {
            throw new ConfigException("WEBHOOK_SECRET must be 16-256 characters of A-Z a-z 0-9 _ -, got "
                    + secret.length() + " chars (" + ApiKeys.fingerprint(secret) + ")");
        }
        String listen = env.getOrDefault("WEBHOOK_LISTEN", "0.0.0.0:" + env.getOrDefault("PORT", "8080"));
        int colon = listen.lastIndexOf(':');
        if (colon < 1) {
            throw new ConfigException("WEBHOOK_LISTEN must be host:port, got '" + listen + "'");
        }
        int port = parseInt("WEBHOOK_LISTEN", listen.substring(colon + 1), 0, 65535);
        return new Webhook(uri, secret, listen.substring(0, colon), port);
    }

    static Set<Long> adminIds(String raw) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String part : raw.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                long id = Long.parseLong(part.strip());
                if (id <= 0) {
                    throw new NumberFormatException();
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        "ADMIN_IDS must be positive Telegram user ids separated by commas, got '" + part + "'");
            }
        }
        return ids;
    }

    /**
     * {@code PLANS=1:100,3:270:5,auto:90} (months:stars, optionally :devices at once; {@code auto:stars[:devices]} is
     * the monthly Telegram Stars subscription, at most one).
     */
    static List<Plan> plans(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_PLANS;
        }
        List<Plan> plans = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : raw.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            String[] pair = part.split(":");
            if (pair.length != 2 && pair.length != 3) {
                throw new ConfigException("PLANS entries must be months:stars, months:stars:devices or"
                        + " auto:stars[:devices], got '" + part + "'");
            }
            boolean recurring = pair[0].equals("auto");
            Plan plan = new Plan(
                    recurring ? 1 : parseInt("PLANS months", pair[0], 1, 36),
                    parseInt("PLANS stars", pair[1], 1, 100_000),
                    pair.length == 3 ? parseInt("PLANS devices", pair[2], 1, DeviceLimits.MAX) : null,
                    recurring);
            if (!seen.add(plan.id())) {
                throw new ConfigException(
                        recurring
                                ? "PLANS lists the monthly subscription (auto) twice"
                                : "PLANS lists " + plan.months() + " months twice");
            }
            plans.add(plan);
        }
        plans.sort(Comparator.comparing(Plan::recurring).reversed().thenComparingInt(Plan::months));
        return plans;
    }

    static URI httpUrl(String name, String raw) {
        URI uri;
        try {
            uri = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is not a valid URL: '" + raw + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(name + " must be an http(s) URL with a host, got '" + raw + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(name + " must not carry credentials in the URL");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        // An IPv4 literal in 127/8, not any name that starts with "127." (127.attacker.example is not loopback).
        return host != null
                && (host.equals("localhost")
                        || LOOPBACK_V4.matcher(host).matches()
                        || host.equals("[::1]")
                        || host.equals("::1"));
    }

    static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new ConfigException(name + " is required and is not set");
        }
        return value;
    }

    static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A rule shared with the API's doctor (contract settings), its refusal reported as this process's own. */
    static <T> T shared(Supplier<T> rule) {
        try {
            return rule.get();
        } catch (InvalidSettingException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = optional(env, name);
        return value == null ? fallback : parseInt(name, value, min, max);
    }

    static int parseInt(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw new ConfigException(name + " must be in [" + min + ", " + max + "], got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "BotConfig[botToken=" + ApiKeys.fingerprint(botToken) + ", appEnv=" + appEnv + ", nodes=" + nodes
                + ", apiTimeout=" + apiTimeout + ", provisioningEnabled=" + provisioningEnabled + ", database="
                + database + ", adminIds=" + adminIds + ", plans=" + plans + ", trialDays=" + trialDays
                + ", supportContact=" + supportContact + ", webhook=" + webhook + ", telegramApiUrl="
                + telegramApiUrl + ", drainGrace=" + drainGrace + ", subscription=" + subscription + "]";
    }
}
