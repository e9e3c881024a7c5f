package com.atlassecure.bot.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * L10 through the fake Bot API: one user cannot make the bot answer without limit nor open orders without limit, a
 * key delivery waits out Telegram's 429 instead of being lost, and broadcasts leave room under Telegram's limit.
 * The throttle runs on the test's clock, which stands still unless moved, so the counts are exact.
 */
class FloodControlTest extends BotJourney {
    static final long FLOODER = 6101;
    static final long NEIGHBOUR = 6102;

    @Test
    void oneUsersFloodGetsAtMostThirtyAnswersAMinuteAndOthersAreNotAffected() {
        for (int i = 0; i < 40; i++) {
            telegram.sendText(FLOODER, "en", "/help");
        }
        telegram.sendText(NEIGHBOUR, "en", "/help");
        awaitIdle();
        assertThat(answersTo(FLOODER)).isEqualTo(UserThrottle.MESSAGES_PER_MINUTE);
        assertThat(answersTo(NEIGHBOUR)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        telegram.sendText(FLOODER, "en", "/help");
        awaitIdle();
        assertThat(answersTo(FLOODER)).as("answered again a minute later").isEqualTo(31);
    }

    @Test
    void invoicesAreLimitedToFivePerUserPerTenMinutes() {
        telegram.sendText(FLOODER, "en", "/start");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == FLOODER, WAIT);
        for (int i = 0; i < 8; i++) {
            telegram.pressButton(FLOODER, "en", (int) menu.sequence(), Menus.PLAN_PREFIX + "m1");
        }
        awaitIdle();
        assertThat(telegram.calls("sendInvoice")).hasSize(UserThrottle.INVOICES_PER_10_MINUTES);
        clock.advance(Duration.ofMinutes(10));
        telegram.pressButton(FLOODER, "en", (int) menu.sequence(), Menus.PLAN_PREFIX + "m1");
        awaitIdle();
        assertThat(telegram.calls("sendInvoice")).hasSize(UserThrottle.INVOICES_PER_10_MINUTES + 1);
    }

    @Test
    void keyDeliveryThatMeetsFloodControlWaitsRetryAfterAndArrives() {
        api.script(EchoApi.script());
        telegram.sendText(FLOODER, "en", "/start");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == FLOODER, WAIT);
        // The fake records a call before it answers: let the menu's answer finish so the 429 meets the key.
        awaitIdle();
        telegram.throttle("sendMessage", 1, 1);
        telegram.pressButton(FLOODER, "en", (int) menu.sequence(), Menus.TRIAL);

        telegram.awaitCall("sendPhoto", c -> c.chatId() == FLOODER, WAIT);
        long keyMessages = telegram.calls("sendMessage").stream()
                .filter(c ->
                        c.chatId() == FLOODER && c.text() != null && c.text().contains("vpn.test.invalid"))
                .count();
        assertThat(keyMessages).as("refused once with 429, then sent").isEqualTo(2);
    }

    @Test
    void broadcastsRunAtHalfOfTelegramsGlobalLimitInProduction() {
        Duration interval = BotTimings.defaults().broadcastInterval();
        assertThat(1000.0 / interval.toMillis()).as("messages per second").isLessThanOrEqualTo(15.0);
    }

    private long answersTo(long user) {
        return telegram.calls("sendMessage").stream()
                .filter(c -> c.chatId() == user)
                .count();
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((telegram.pendingUpdates() > 0 || bot.app.dispatcher().inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(bot.app.dispatcher().inFlight()).isZero();
    }
}
