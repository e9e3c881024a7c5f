package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit applies the bot's own env rules (contract {@code BotEnvRules}), so it cannot disagree with the bot. */
class BotEnvChecksTest {
    static final String KEY = "k".repeat(40);

    static Map<String, String> prodBot() {
        Map<String, String> bot = new HashMap<>();
        bot.put("APP_ENV", "prod");
        bot.put("PROD_XRAY_API_URL", "https://api.example.test");
        bot.put("PROD_XRAY_API_KEY", KEY);
        return bot;
    }

    static CheckResult result(List<CheckResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anUnknownAppEnvIsAnErrorAsInTheBotNotProd() {
        Map<String, String> bot = prodBot();
        bot.put("APP_ENV", "prd");
        List<CheckResult> results = BotEnvChecks.run(bot, Map.of("XRAY_API_KEY", KEY));

        assertThat(result(results, "bot-env.app-env").status()).isEqualTo(Status.FAIL);
        assertThat(result(results, "bot-env.app-env").reason())
                .isEqualTo("APP_ENV must be prod, stage or dev, got 'prd'");
        for (String id : List.of("bot-env.api-url", "bot-env.api-key", "bot-env.same-key", "bot-env.provisioning")) {
            assertThat(result(results, id).status()).as(id).isEqualTo(Status.FAIL);
            assertThat(result(results, id).reason()).as(id).contains("the bot refuses to start");
        }
        assertThat(results)
                .extracting(CheckResult::id)
                .containsExactlyInAnyOrderElementsOf(BotEnvChecks.run(prodBot(), Map.of("XRAY_API_KEY", KEY)).stream()
                        .map(CheckResult::id)
                        .toList());
    }

    @Test
    void aBlankAppEnvIsRefusedLikeTheBotDoes() {
        Map<String, String> bot = prodBot();
        bot.put("APP_ENV", "");
        assertThat(result(BotEnvChecks.run(bot, null), "bot-env.app-env").status())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void stageReadsTheStagePair() {
        Map<String, String> bot = new HashMap<>();
        bot.put("APP_ENV", "staging");
        bot.put("STAGE_XRAY_API_URL", "https://stage.example.test");
        bot.put("STAGE_XRAY_API_KEY", KEY);
        List<CheckResult> results = BotEnvChecks.run(bot, null);

        assertThat(result(results, "bot-env.app-env").status()).isEqualTo(Status.WARN);
        assertThat(result(results, "bot-env.api-url").reason())
                .isEqualTo("STAGE_XRAY_API_URL=https://stage.example.test");
        assertThat(result(results, "bot-env.api-key").status()).isEqualTo(Status.PASS);
        assertThat(result(results, "bot-env.provisioning").reason())
                .isEqualTo("provisioning switch applies to prod only");
    }

    @Test
    void aProvisioningSwitchTheBotCannotReadFails() {
        Map<String, String> bot = prodBot();
        bot.put("PROD_VPN_PROVISIONING_ENABLED", "maybe");
        CheckResult provisioning = result(BotEnvChecks.run(bot, null), "bot-env.provisioning");

        assertThat(provisioning.status()).isEqualTo(Status.FAIL);
        assertThat(provisioning.reason())
                .isEqualTo(
                        "PROD_VPN_PROVISIONING_ENABLED must be true or false, got 'maybe': the bot refuses to start");
    }
}
