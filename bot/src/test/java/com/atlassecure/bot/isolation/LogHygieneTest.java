package com.atlassecure.bot.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Design principle 9 on a whole run: start the bot, take a trial and a payment while the API fails, and check that
 * no log line carries the bot token, the API key, a full UUID or a link.
 */
class LogHygieneTest {
    @TempDir
    Path dir;

    @Test
    void aFullRunLogsNoTokenNoKeyNoFullUuidAndNoLink() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String uuid;
        try (FakeBotApi telegram = FakeBotApi.start();
                FaultServer api = new FaultServer()) {
            MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
            try (BotHarness bot = BotHarness.start(telegram, BotHarness.env(telegram, api.url(), dir), clock)) {
                telegram.sendText(11, "en", "/start ref_12");
                telegram.awaitCall("sendMessage", c -> c.chatId() == 11, Duration.ofSeconds(15));
                telegram.pressButton(11, "en", 1, "menu:trial");
                telegram.awaitCall("editMessageText", c -> c.chatId() == 11, Duration.ofSeconds(15));
                telegram.sendText(12, "ru", "/start");
                telegram.successfulPayment(12, "o-unknown", 100, "charge-1");
                telegram.awaitCall(
                        "sendMessage", c -> c.chatId() == 12 && c.text().contains("⭐"), Duration.ofSeconds(15));
                bot.app.worker().runOnce();
                uuid = bot.app
                        .database()
                        .withHandle(h -> new SubscriptionRepository().find(h, 11))
                        .orElseThrow()
                        .requestedUuid();
                assertThat(bot.app.database().<Long>withHandle(h -> new PaymentRepository().countForUser(h, 12)))
                        .isEqualTo(1L);
            }
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines = captured.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=job_failed"));
        String token = BotHarness.TOKEN;
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(ApiKeys.fingerprint(token)));
        for (String line : lines) {
            assertThat(line)
                    .doesNotContain(token)
                    .doesNotContain(token.substring(token.indexOf(':') + 1))
                    .doesNotContain("k".repeat(40))
                    .doesNotContain(uuid)
                    .doesNotContain("v" + "less://");
        }
    }
}
