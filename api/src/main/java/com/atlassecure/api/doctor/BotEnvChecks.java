package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.BOT_ARCHITECTURE;
import static com.atlassecure.api.doctor.Category.CONFIG_ENV_HYGIENE;
import static com.atlassecure.api.doctor.Category.SECURITY;

import com.atlassecure.contract.settings.AppEnv;
import com.atlassecure.contract.settings.BotEnvRules;
import com.atlassecure.contract.settings.InvalidSettingException;
import com.atlassecure.contract.signing.ApiKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of the bot's env file (audit sections 2 and 6): it knows no server parameter and no link material, it names
 * the API for its APP_ENV, and its key (and signing secret) are the API's. The bot's own rules (APP_ENV, the
 * variables per environment, the provisioning switch) come from {@link BotEnvRules}, which the bot also reads.
 */
final class BotEnvChecks {
    /** XRAY_SERVER_IP/HOST, XRAY_PORT, XRAY_SNI, XRAY_PUBLIC_KEY, XRAY_SHORT_ID, XRAY_FP, with any env prefix. */
    private static final Pattern SERVER_PARAMETER =
            Pattern.compile("(?:^|.*_)XRAY_(?:SERVER[A-Z0-9_]*|PORT|SNI|PUBLIC_KEY|SHORT_ID|FP)");

    private BotEnvChecks() {}

    static List<CheckResult> run(Map<String, String> bot, Map<String, String> apiEnvOrNull) {
        // The raw value, not ApiEnvChecks.value: the bot refuses a blank APP_ENV, and so must the audit.
        String appEnvRaw = bot.get(BotEnvRules.APP_ENV);
        List<CheckResult> results = new ArrayList<>();
        results.add(serverParameters(bot));
        results.add(linkMaterial(bot));
        AppEnv env;
        try {
            env = BotEnvRules.appEnv(appEnvRaw);
        } catch (InvalidSettingException e) {
            results.addAll(refusedAppEnv(e.getMessage(), bot, apiEnvOrNull));
            results.add(SubscriptionEnvCheck.check(bot));
            results.add(EnvLeftovers.check("bot-env.leftovers", bot));
            return results;
        }
        results.add(appEnv(appEnvRaw));
        if (ApiEnvChecks.value(bot, env.nodesVariable()) != null) {
            results.addAll(FleetEnvChecks.run(bot, env, apiEnvOrNull));
        } else {
            results.add(apiUrl(bot, env));
            results.add(apiKey(bot, env));
            if (apiEnvOrNull != null) {
                results.add(sameKey(bot, env, apiEnvOrNull));
                results.add(sameSigningSecret(bot, apiEnvOrNull));
            }
        }
        results.add(provisioning(bot, env));
        results.add(SubscriptionEnvCheck.check(bot));
        results.add(EnvLeftovers.check("bot-env.leftovers", bot));
        return results;
    }

    /**
     * The bot refuses to start on an APP_ENV it does not know (it does not fall back to prod), so every check that
     * depends on the environment fails with the bot's own words instead of auditing the prod variables.
     */
    private static List<CheckResult> refusedAppEnv(
            String botMessage, Map<String, String> bot, Map<String, String> apiEnvOrNull) {
        String reason = botMessage + ": the bot refuses to start and reads no API URL or key";
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.fail("bot-env.app-env", CONFIG_ENV_HYGIENE, botMessage));
        results.add(CheckResult.fail("bot-env.api-url", CONFIG_ENV_HYGIENE, reason));
        results.add(CheckResult.fail("bot-env.api-key", SECURITY, reason));
        if (apiEnvOrNull != null) {
            results.add(CheckResult.fail("bot-env.same-key", CONFIG_ENV_HYGIENE, reason));
            results.add(sameSigningSecret(bot, apiEnvOrNull));
        }
        results.add(CheckResult.fail("bot-env.provisioning", CONFIG_ENV_HYGIENE, reason));
        return results;
    }

    private static CheckResult serverParameters(Map<String, String> bot) {
        List<String> found = bot.keySet().stream()
                .filter(n -> SERVER_PARAMETER.matcher(n).matches())
                .sorted()
                .toList();
        return CheckResult.of(
                "bot-env.server-params",
                BOT_ARCHITECTURE,
                found.isEmpty(),
                "no XRAY_SERVER*/PORT/SNI/PUBLIC_KEY/SHORT_ID/FP: the bot knows no server parameter",
                "bot env sets " + String.join(", ", found)
                        + ": the bot must know no server parameter, only the API builds links (audit 2)");
    }

    private static CheckResult linkMaterial(Map<String, String> bot) {
        List<String> found = bot.entrySet().stream()
                .filter(e -> e.getValue() != null
                        && (e.getValue().contains("vless://") || e.getValue().contains("xtls-rprx-vision")))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return CheckResult.of(
                "bot-env.link-material",
                BOT_ARCHITECTURE,
                found.isEmpty(),
                "no vless:// or flow values in the bot env",
                "bot env holds link material (vless:// or a flow) in " + String.join(", ", found));
    }

    /** Called only with a value the bot accepts; a refused one is reported by {@link #refusedAppEnv}. */
    private static CheckResult appEnv(String raw) {
        String id = "bot-env.app-env";
        if (raw == null) {
            return CheckResult.warn(
                    id, CONFIG_ENV_HYGIENE, "APP_ENV is not set; the bot assumes prod (set APP_ENV=prod)");
        }
        String shown = raw.strip();
        if (BotEnvRules.appEnv(raw) == AppEnv.PROD) {
            return CheckResult.pass(id, CONFIG_ENV_HYGIENE, "APP_ENV=" + shown);
        }
        return CheckResult.warn(
                id, CONFIG_ENV_HYGIENE, "APP_ENV=" + shown + ": this bot does not talk to the production API");
    }

    private static CheckResult apiUrl(Map<String, String> bot, AppEnv env) {
        String id = "bot-env.api-url";
        String url = ApiEnvChecks.value(bot, env.urlVariable());
        if (url == null) {
            return CheckResult.fail(
                    id, CONFIG_ENV_HYGIENE, env.urlVariable() + " is not set: the bot cannot reach the API");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, env.urlVariable() + "=" + url + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, env.urlVariable() + "=" + url + " is not an http(s) URL");
        }
        if (scheme.equals("http") && !Hosts.isLoopback(uri.getHost())) {
            return CheckResult.fail(
                    id,
                    CONFIG_ENV_HYGIENE,
                    env.urlVariable() + "=" + url + " is plain http: the API key would cross the network in clear");
        }
        return CheckResult.pass(id, CONFIG_ENV_HYGIENE, env.urlVariable() + "=" + url);
    }

    private static CheckResult apiKey(Map<String, String> bot, AppEnv env) {
        String key = ApiEnvChecks.value(bot, env.keyVariable());
        if (key == null) {
            return CheckResult.fail("bot-env.api-key", SECURITY, env.keyVariable() + " is not set");
        }
        return CheckResult.of(
                "bot-env.api-key",
                SECURITY,
                key.length() >= BotEnvRules.MIN_API_KEY_LENGTH,
                env.keyVariable() + " has " + key.length() + " characters (" + ApiKeys.fingerprint(key) + ")",
                env.keyVariable() + " has " + key.length() + " characters (" + ApiKeys.fingerprint(key) + "), at least "
                        + BotEnvRules.MIN_API_KEY_LENGTH + " needed");
    }

    private static CheckResult sameKey(Map<String, String> bot, AppEnv env, Map<String, String> api) {
        String botKey = ApiEnvChecks.value(bot, env.keyVariable());
        String apiKey = ApiEnvChecks.value(api, "XRAY_API_KEY");
        return CheckResult.of(
                "bot-env.same-key",
                CONFIG_ENV_HYGIENE,
                ApiKeys.constantTimeEquals(apiKey, botKey),
                env.keyVariable() + " is the API's XRAY_API_KEY (" + ApiKeys.fingerprint(apiKey) + ")",
                env.keyVariable() + " (" + ApiKeys.fingerprint(botKey) + ") is not the API's XRAY_API_KEY ("
                        + ApiKeys.fingerprint(apiKey) + "): every call would get 401");
    }

    private static CheckResult sameSigningSecret(Map<String, String> bot, Map<String, String> api) {
        String id = "bot-env.same-signing-secret";
        String mode = ApiEnvChecks.value(api, "API_SIGNING");
        String apiSecret = ApiEnvChecks.value(api, "XRAY_API_SIGNING_SECRET");
        String botSecret = ApiEnvChecks.value(bot, "XRAY_API_SIGNING_SECRET");
        if (mode == null || mode.equalsIgnoreCase("off")) {
            return CheckResult.pass(id, CONFIG_ENV_HYGIENE, "the API does not check signatures (API_SIGNING=off)");
        }
        return CheckResult.of(
                id,
                CONFIG_ENV_HYGIENE,
                ApiKeys.constantTimeEquals(apiSecret, botSecret),
                "XRAY_API_SIGNING_SECRET is the same on both sides (" + ApiKeys.fingerprint(apiSecret) + ")",
                "XRAY_API_SIGNING_SECRET differs (bot " + ApiKeys.fingerprint(botSecret) + ", API "
                        + ApiKeys.fingerprint(apiSecret) + ") while API_SIGNING=" + mode);
    }

    private static CheckResult provisioning(Map<String, String> bot, AppEnv env) {
        String id = "bot-env.provisioning";
        String raw = ApiEnvChecks.value(bot, BotEnvRules.PROVISIONING_SWITCH);
        if (!env.honoursProvisioningSwitch()) {
            return CheckResult.pass(id, CONFIG_ENV_HYGIENE, "provisioning switch applies to prod only");
        }
        boolean enabled;
        try {
            enabled = BotEnvRules.provisioningEnabled(env, raw);
        } catch (InvalidSettingException e) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, e.getMessage() + ": the bot refuses to start");
        }
        if (!enabled) {
            return CheckResult.warn(
                    id,
                    CONFIG_ENV_HYGIENE,
                    "PROD_VPN_PROVISIONING_ENABLED=" + raw
                            + ": paying customers get no key until it is true (audit 6)");
        }
        return CheckResult.pass(
                id,
                CONFIG_ENV_HYGIENE,
                raw == null
                        ? "PROD_VPN_PROVISIONING_ENABLED not set (default true)"
                        : "PROD_VPN_PROVISIONING_ENABLED=" + raw);
    }
}
