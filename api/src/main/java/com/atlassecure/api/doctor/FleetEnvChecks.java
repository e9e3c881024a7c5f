package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.CONFIG_ENV_HYGIENE;
import static com.atlassecure.api.doctor.Category.SECURITY;

import com.atlassecure.contract.settings.AppEnv;
import com.atlassecure.contract.settings.BotEnvRules;
import com.atlassecure.contract.settings.FleetNodes;
import com.atlassecure.contract.settings.InvalidSettingException;
import com.atlassecure.contract.signing.ApiKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bot-env checks when the bot lists its nodes ({@code <ENV>_XRAY_API_NODES}): the list passes the bot's own rules
 * (read from the contract, as the bot reads them), it is the only place the API is named, and, given this API's env,
 * one node carries this API's key and signing secret, so this server is really one of the bot's nodes.
 */
final class FleetEnvChecks {
    private FleetEnvChecks() {}

    static List<CheckResult> run(Map<String, String> bot, AppEnv env, Map<String, String> apiEnvOrNull) {
        List<CheckResult> results = new ArrayList<>();
        String variable = env.nodesVariable();
        List<FleetNodes.Node> nodes;
        try {
            for (String other : List.of(env.urlVariable(), env.keyVariable(), "XRAY_API_SIGNING_SECRET")) {
                if (ApiEnvChecks.value(bot, other) != null) {
                    throw new InvalidSettingException(variable + " and " + other + " are both set; the bot refuses"
                            + " to start until " + other + " is removed");
                }
            }
            nodes = FleetNodes.parse(env, ApiEnvChecks.value(bot, variable));
        } catch (InvalidSettingException e) {
            results.add(CheckResult.fail("bot-env.api-url", CONFIG_ENV_HYGIENE, e.getMessage()));
            results.add(CheckResult.fail("bot-env.api-key", SECURITY, e.getMessage()));
            if (apiEnvOrNull != null) {
                results.add(CheckResult.fail("bot-env.same-key", CONFIG_ENV_HYGIENE, e.getMessage()));
            }
            return results;
        }
        results.add(CheckResult.pass(
                "bot-env.api-url",
                CONFIG_ENV_HYGIENE,
                variable + " lists "
                        + nodes.stream()
                                .map(n -> n.name() + " (" + n.country() + ") " + n.url())
                                .collect(Collectors.joining(", "))));
        results.add(CheckResult.pass(
                "bot-env.api-key",
                SECURITY,
                "every node's key has at least " + BotEnvRules.MIN_API_KEY_LENGTH + " characters ("
                        + nodes.stream()
                                .map(n -> n.name() + " " + ApiKeys.fingerprint(n.key()))
                                .collect(Collectors.joining(", "))
                        + ")"));
        if (apiEnvOrNull != null) {
            results.addAll(thisServer(nodes, variable, apiEnvOrNull));
        }
        return results;
    }

    private static List<CheckResult> thisServer(List<FleetNodes.Node> nodes, String variable, Map<String, String> api) {
        String apiKey = ApiEnvChecks.value(api, "XRAY_API_KEY");
        FleetNodes.Node mine = nodes.stream()
                .filter(n -> ApiKeys.constantTimeEquals(apiKey, n.key()))
                .findFirst()
                .orElse(null);
        List<CheckResult> results = new ArrayList<>();
        if (mine == null) {
            results.add(CheckResult.fail(
                    "bot-env.same-key",
                    CONFIG_ENV_HYGIENE,
                    "no node in " + variable + " carries this API's XRAY_API_KEY (" + ApiKeys.fingerprint(apiKey)
                            + "): the bot's every call here would get 401"));
            return results;
        }
        results.add(CheckResult.pass(
                "bot-env.same-key",
                CONFIG_ENV_HYGIENE,
                "node '" + mine.name() + "' carries this API's XRAY_API_KEY (" + ApiKeys.fingerprint(apiKey) + ")"));
        String mode = ApiEnvChecks.value(api, "API_SIGNING");
        String apiSecret = ApiEnvChecks.value(api, "XRAY_API_SIGNING_SECRET");
        String id = "bot-env.same-signing-secret";
        if (mode == null || mode.equalsIgnoreCase("off")) {
            results.add(
                    CheckResult.pass(id, CONFIG_ENV_HYGIENE, "the API does not check signatures (API_SIGNING=off)"));
        } else {
            results.add(CheckResult.of(
                    id,
                    CONFIG_ENV_HYGIENE,
                    ApiKeys.constantTimeEquals(apiSecret, mine.signingSecret()),
                    "node '" + mine.name() + "' has this API's XRAY_API_SIGNING_SECRET ("
                            + ApiKeys.fingerprint(apiSecret) + ")",
                    "node '" + mine.name() + "' signing_secret (" + ApiKeys.fingerprint(mine.signingSecret())
                            + ") is not this API's XRAY_API_SIGNING_SECRET (" + ApiKeys.fingerprint(apiSecret)
                            + ") while API_SIGNING=" + mode));
        }
        return results;
    }
}
