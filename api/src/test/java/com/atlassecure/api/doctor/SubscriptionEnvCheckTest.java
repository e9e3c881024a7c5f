package com.atlassecure.api.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** doctor's view of the bot's subscription URL settings: the bot's own rules (contract), plus a warning when off. */
class SubscriptionEnvCheckTest {

    static CheckResult check(Map<String, String> bot) {
        return SubscriptionEnvCheck.check(bot);
    }

    @Test
    void anHttpsOriginPasses() {
        CheckResult r = check(Map.of("SUBSCRIPTION_BASE_URL", "https://sub.mynewllcw.com/"));

        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(r.reason()).isEqualTo("subscription URLs at https://sub.mynewllcw.com/sub/<token>");
    }

    @Test
    void aWebhookBotServesThemOnItsOwnOrigin() {
        CheckResult r = check(Map.of("WEBHOOK_URL", "https://bot.mynewllcw.com/telegram/hook"));

        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(r.reason()).contains("https://bot.mynewllcw.com/sub/<token>");
    }

    @Test
    void noOriginAtAllWarnsThatCustomersGetRawLinks() {
        CheckResult r = check(Map.of());

        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.reason()).contains("customers import one node's raw link");
    }

    @Test
    void whatTheBotWouldRefuseFails() {
        assertThat(check(Map.of("SUBSCRIPTION_BASE_URL", "http://sub.mynewllcw.com"))
                        .reason())
                .contains("must be https unless its host is loopback");
        assertThat(check(Map.of("SUBSCRIPTION_BASE_URL", "https://sub.mynewllcw.com/path"))
                        .status())
                .isEqualTo(Status.FAIL);
        Map<String, String> both = new HashMap<>();
        both.put("WEBHOOK_URL", "https://bot.mynewllcw.com/hook");
        both.put("SUBSCRIPTION_LISTEN", "0.0.0.0:8081");
        assertThat(check(both).status()).isEqualTo(Status.FAIL);
    }
}
