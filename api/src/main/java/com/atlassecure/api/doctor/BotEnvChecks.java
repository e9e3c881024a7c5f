package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.BOT_ARCHITECTURE;
import static com.atlassecure.api.doctor.Category.CONFIG_ENV_HYGIENE;
import static com.atlassecure.api.doctor.Category.SECURITY;

import com.atlassecure.api.config.ApiSettings;
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
 * the API for its APP_ENV, and its key (and signing secret) are the API's.
 */
final class BotEnvChecks {
    /** XRAY_SERVER_IP/HOST, XRAY_PORT, XRAY_SNI, XRAY_PUBLIC_KEY, XRAY_SHORT_ID, XRAY_FP, with any env prefix. */
    private static final Pattern SERVER_PARAMETER =
            Pattern.compile("(?:^|.*_)XRAY_(?:SERVER[A-Z0-9_]*|PORT|SNI|PUBLIC_KEY|SHORT_ID|FP)");

    private BotEnvChecks() {}

    /** The variables the bot reads for an APP_ENV; mirrors the bot's own mapping (prod, stage, dev). */
    record ApiVariables(String appEnv, String url, String key) {
        static ApiVariables of(String appEnv) {
            return switch (appEnv) {
                case "stage", "staging" -> new ApiVariables("stage", "STAGE_XRAY_API_URL", "STAGE_XRAY_API_KEY");
                case "dev", "development", "local" -> new ApiVariables("dev", "XRAY_API_URL", "XRAY_API_KEY");
                default -> new ApiVariables("prod", "PROD_XRAY_API_URL", "PROD_XRAY_API_KEY");
            };
        }
    }

    static List<CheckResult> run(Map<String, String> bot, Map<String, String> apiEnvOrNull) {
        String appEnvRaw = ApiEnvChecks.value(bot, "APP_ENV");
        ApiVariables vars = ApiVariables.of(appEnvRaw == null ? "prod" : appEnvRaw.toLowerCase(Locale.ROOT));
        List<CheckResult> results = new ArrayList<>();
        results.add(serverParameters(bot));
        results.add(linkMaterial(bot));
        results.add(appEnv(appEnvRaw));
        results.add(apiUrl(bot, vars));
        results.add(apiKey(bot, vars));
        if (apiEnvOrNull != null) {
            results.add(sameKey(bot, vars, apiEnvOrNull));
            results.add(sameSigningSecret(bot, apiEnvOrNull));
        }
        results.add(provisioning(bot, vars));
        results.add(EnvLeftovers.check("bot-env.leftovers", bot));
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

    private static CheckResult appEnv(String raw) {
        String id = "bot-env.app-env";
        if (raw == null) {
            return CheckResult.warn(
                    id, CONFIG_ENV_HYGIENE, "APP_ENV is not set; the bot assumes prod (set APP_ENV=prod)");
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "prod", "production" -> CheckResult.pass(id, CONFIG_ENV_HYGIENE, "APP_ENV=" + raw);
            case "stage", "staging", "dev", "development", "local" ->
                CheckResult.warn(
                        id, CONFIG_ENV_HYGIENE, "APP_ENV=" + raw + ": this bot does not talk to the production API");
            default -> CheckResult.fail(id, CONFIG_ENV_HYGIENE, "APP_ENV=" + raw + " is not prod, stage or dev");
        };
    }

    private static CheckResult apiUrl(Map<String, String> bot, ApiVariables vars) {
        String id = "bot-env.api-url";
        String url = ApiEnvChecks.value(bot, vars.url());
        if (url == null) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, vars.url() + " is not set: the bot cannot reach the API");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, vars.url() + "=" + url + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, vars.url() + "=" + url + " is not an http(s) URL");
        }
        if (scheme.equals("http") && !Hosts.isLoopback(uri.getHost())) {
            return CheckResult.fail(
                    id,
                    CONFIG_ENV_HYGIENE,
                    vars.url() + "=" + url + " is plain http: the API key would cross the network in clear");
        }
        return CheckResult.pass(id, CONFIG_ENV_HYGIENE, vars.url() + "=" + url);
    }

    private static CheckResult apiKey(Map<String, String> bot, ApiVariables vars) {
        String key = ApiEnvChecks.value(bot, vars.key());
        if (key == null) {
            return CheckResult.fail("bot-env.api-key", SECURITY, vars.key() + " is not set");
        }
        return CheckResult.of(
                "bot-env.api-key",
                SECURITY,
                key.length() >= ApiSettings.MIN_API_KEY_LENGTH,
                vars.key() + " has " + key.length() + " characters (" + ApiKeys.fingerprint(key) + ")",
                vars.key() + " has " + key.length() + " characters (" + ApiKeys.fingerprint(key) + "), at least "
                        + ApiSettings.MIN_API_KEY_LENGTH + " needed");
    }

    private static CheckResult sameKey(Map<String, String> bot, ApiVariables vars, Map<String, String> api) {
        String botKey = ApiEnvChecks.value(bot, vars.key());
        String apiKey = ApiEnvChecks.value(api, "XRAY_API_KEY");
        return CheckResult.of(
                "bot-env.same-key",
                CONFIG_ENV_HYGIENE,
                ApiKeys.constantTimeEquals(apiKey, botKey),
                vars.key() + " is the API's XRAY_API_KEY (" + ApiKeys.fingerprint(apiKey) + ")",
                vars.key() + " (" + ApiKeys.fingerprint(botKey) + ") is not the API's XRAY_API_KEY ("
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

    private static CheckResult provisioning(Map<String, String> bot, ApiVariables vars) {
        String id = "bot-env.provisioning";
        String raw = ApiEnvChecks.value(bot, "PROD_VPN_PROVISIONING_ENABLED");
        if (!vars.appEnv().equals("prod")) {
            return CheckResult.pass(id, CONFIG_ENV_HYGIENE, "provisioning switch applies to prod only");
        }
        if (raw != null && List.of("false", "0", "no", "off").contains(raw.toLowerCase(Locale.ROOT))) {
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
