package com.atlassecure.bot.trial;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.customers.ReferralRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The conversation up to provisioning, through the fake Bot API: /start with a referral, the Russian menu, the
 * trial granted once ever and enqueued for add-user. Delivery of the key from the real API is an e2e journey.
 */
class TrialJourneyTest extends BotJourney {
    static final long CUSTOMER = 777;

    @Test
    void startRecordsTheReferralAndShowsTheMenuInTheCustomersLanguage() {
        telegram.sendText(CUSTOMER, "ru", "/start ref_555");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(menu.text()).contains(messages.get(Language.RU, "start.status.none"));
        assertThat(menu.json("reply_markup").toString())
                .contains(Menus.TRIAL)
                .contains(Menus.BUY)
                .contains(Menus.KEY)
                .contains("3 дня");
        assertThat(bot.app.database().<Optional<Long>>withHandle(h -> new ReferralRepository().referrerOf(h, CUSTOMER)))
                .contains(555L);
    }

    @Test
    void trialIsGrantedOnceEverAndEnqueuedForProvisioning() {
        telegram.sendText(CUSTOMER, "en", "/start");
        telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        telegram.pressButton(CUSTOMER, "en", 1, Menus.TRIAL);
        RecordedCall started = telegram.awaitCall("editMessageText", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(started.text()).isEqualTo(messages.get(Language.EN, "trial.started", "days", 3));

        telegram.pressButton(CUSTOMER, "en", 1, Menus.TRIAL);
        RecordedCall refused = telegram.awaitCall(
                "editMessageText",
                c -> c.chatId() == CUSTOMER && c.text().equals(messages.get(Language.EN, "trial.used")),
                WAIT);
        assertThat(refused.json("reply_markup").toString()).contains(Menus.PLAN_PREFIX);

        Subscription sub = bot.app
                .database()
                .withHandle(h -> new SubscriptionRepository().find(h, CUSTOMER))
                .orElseThrow();
        assertThat(sub.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(3)));
        assertThat(bot.app
                        .database()
                        .<java.util.List<?>>withHandle(
                                h -> bot.app.provisioning().pendingFor(h, CUSTOMER)))
                .hasSize(1);
        // The API is down here: the customer hears the key is on its way, and the add-user carried our UUID.
        telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == CUSTOMER && c.text().equals(messages.get(Language.EN, "key.pending")),
                WAIT);
        assertThat(api.requests()).first().satisfies(r -> assertThat(r.body()).contains(sub.requestedUuid()));
    }

    @Test
    void myKeyBeforeProvisioningSaysItIsOnItsWay() {
        telegram.pressButton(CUSTOMER, "en", 1, Menus.KEY);
        RecordedCall none = telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(none.text()).isEqualTo(messages.get(Language.EN, "key.none"));
    }
}
