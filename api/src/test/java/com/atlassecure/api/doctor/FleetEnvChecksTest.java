package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** doctor --bot-env on a bot that lists its nodes: the bot's own fleet rules, and whether this server is one of them. */
class FleetEnvChecksTest {
    static final String KEY = "k".repeat(40);
    static final String OTHER_KEY = "o".repeat(40);
    static final String SECRET = "s".repeat(40);

    static String node(String name, String url, String key) {
        return "{\"name\":\"" + name + "\",\"country\":\"DE\",\"url\":\"" + url + "\",\"key\":\"" + key
                + "\",\"signing_secret\":\"" + SECRET + "\"}";
    }

    static Map<String, String> bot(String nodes) {
        Map<String, String> bot = new HashMap<>();
        bot.put("APP_ENV", "prod");
        bot.put("PROD_XRAY_API_NODES", nodes);
        return bot;
    }

    static Map<String, String> api(String key) {
        return Map.of("XRAY_API_KEY", key, "API_SIGNING", "required", "XRAY_API_SIGNING_SECRET", SECRET);
    }

    static CheckResult result(List<CheckResult> results, String id) {
        return BotEnvChecksTest.result(results, id);
    }

    @Test
    void aListWhoseNodeCarriesThisApisKeyAndSecretPasses() {
        List<CheckResult> results =
                BotEnvChecks.run(bot("[" + node("de-1", "https://de1.example.test", KEY) + "]"), api(KEY));

        assertThat(result(results, "bot-env.api-url").status()).isEqualTo(Status.PASS);
        assertThat(result(results, "bot-env.api-url").reason()).contains("de-1 (DE) https://de1.example.test");
        assertThat(result(results, "bot-env.same-key").reason()).contains("node 'de-1' carries this API's");
        assertThat(result(results, "bot-env.same-signing-secret").status()).isEqualTo(Status.PASS);
        assertThat(results.toString()).doesNotContain(KEY, SECRET);
    }

    @Test
    void aListWithoutThisServerFailsSameKey() {
        List<CheckResult> results =
                BotEnvChecks.run(bot("[" + node("de-1", "https://de1.example.test", OTHER_KEY) + "]"), api(KEY));

        assertThat(result(results, "bot-env.same-key").status()).isEqualTo(Status.FAIL);
        assertThat(result(results, "bot-env.same-key").reason()).contains("no node in PROD_XRAY_API_NODES");
    }

    @Test
    void whatTheBotRefusesDoctorFailsInTheSameWords() {
        List<CheckResult> two = BotEnvChecks.run(
                bot("[" + node("de-1", "https://a.example.test", KEY) + ","
                        + node("nl-1", "https://b.example.test", KEY) + "]"),
                null);
        Map<String, String> both = bot("[" + node("de-1", "https://a.example.test", KEY) + "]");
        both.put("PROD_XRAY_API_URL", "https://api.example.test");
        List<CheckResult> http = BotEnvChecks.run(bot("[" + node("de-1", "http://a.example.test", KEY) + "]"), null);

        assertThat(result(two, "bot-env.api-url").status()).isEqualTo(Status.FAIL);
        assertThat(result(two, "bot-env.api-url").reason()).contains("node 'nl-1' has the same key as 'de-1'");
        assertThat(result(BotEnvChecks.run(both, null), "bot-env.api-url").reason())
                .contains("PROD_XRAY_API_NODES and PROD_XRAY_API_URL are both set");
        assertThat(result(http, "bot-env.api-key").reason()).contains("url must use https in prod");
    }
}
