package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.CONFIG_ENV_HYGIENE;

import com.atlassecure.contract.settings.InvalidSettingException;
import com.atlassecure.contract.settings.SubscriptionOrigin;
import java.net.URI;
import java.util.Map;

/**
 * {@code bot-env.subscription-url}: where customers' apps fetch their subscription URL (decision 0027). FAIL where
 * the bot would refuse to start (not an https origin, or SUBSCRIPTION_LISTEN beside a webhook); WARN when it serves
 * none, because customers then import one node's raw link and a node change reaches them only as a message.
 */
final class SubscriptionEnvCheck {
    static final String ID = "bot-env.subscription-url";

    private SubscriptionEnvCheck() {}

    static CheckResult check(Map<String, String> bot) {
        String base = ApiEnvChecks.value(bot, SubscriptionOrigin.VARIABLE);
        String webhook = ApiEnvChecks.value(bot, "WEBHOOK_URL");
        if (webhook != null && ApiEnvChecks.value(bot, "SUBSCRIPTION_LISTEN") != null) {
            return CheckResult.fail(
                    ID,
                    CONFIG_ENV_HYGIENE,
                    "SUBSCRIPTION_LISTEN is for long-polling mode; with WEBHOOK_URL set the webhook listener serves"
                            + " /sub/ too, and the bot refuses to start");
        }
        if (base == null && webhook == null) {
            return CheckResult.warn(
                    ID,
                    CONFIG_ENV_HYGIENE,
                    "no subscription URLs: neither SUBSCRIPTION_BASE_URL nor WEBHOOK_URL is set, so customers import"
                            + " one node's raw link; set SUBSCRIPTION_BASE_URL to the bot's public https origin");
        }
        try {
            URI origin = SubscriptionOrigin.parse(
                    base != null ? SubscriptionOrigin.VARIABLE : "WEBHOOK_URL",
                    base != null ? base : originOf(webhook));
            return CheckResult.pass(ID, CONFIG_ENV_HYGIENE, "subscription URLs at " + origin + "/sub/<token>");
        } catch (InvalidSettingException e) {
            return CheckResult.fail(ID, CONFIG_ENV_HYGIENE, e.getMessage());
        }
    }

    private static String originOf(String webhook) {
        try {
            URI uri = URI.create(webhook.strip());
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return webhook;
        }
    }
}
