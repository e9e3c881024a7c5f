package com.atlassecure.bot.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.provisioning.JobKind;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Monthly auto-renew through the fake Bot API, which speaks createInvoiceLink with subscription_period, recurring
 * successful_payment updates and editUserStarSubscription as the real one does: subscribe, two renewals (one
 * delivered twice), cancel, resume, refunds, and what access and the nodes get at each step.
 */
class AutoRenewJourneyTest extends BotJourney {
    static final long CUSTOMER = 6006;
    static final Duration PERIOD = Duration.ofDays(30);

    @Override
    protected void prepare(Map<String, String> env) {
        api.script(EchoApi.script());
        env.put("PLANS", "auto:100,1:110");
    }

    @Test
    void subscribeRenewTwiceCancelResumeAndRefundsEndAccessEverywhere() {
        Instant start = clock.instant();
        telegram.sendText(CUSTOMER, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT)
                .sequence();
        telegram.pressButton(CUSTOMER, "en", menu, Menus.BUY);
        RecordedCall plans = telegram.awaitCall("editMessageText", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(plans.param("reply_markup")).contains("renews automatically");
        telegram.pressButton(CUSTOMER, "en", menu, Menus.PLAN_PREFIX + "sub");

        RecordedCall link = telegram.awaitCall("createInvoiceLink", c -> true, WAIT);
        assertThat(link.param("subscription_period")).isEqualTo("2592000");
        assertThat(link.param("currency")).isEqualTo("XTR");
        String order = link.param("payload");
        RecordedCall offer = telegram.awaitCall(
                "sendMessage", c -> c.chatId() == CUSTOMER && c.text().startsWith("🔁 Monthly subscription"), WAIT);
        assertThat(offer.param("reply_markup")).contains("https://t.me/$fake");

        String query = telegram.preCheckout(CUSTOMER, order, 100, "XTR");
        telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
        telegram.recurringPayment(
                CUSTOMER, order, 100, "c1", true, start.plus(PERIOD).getEpochSecond());
        telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(subscription().expiresAt()).isEqualTo(start.plus(PERIOD));

        clock.advance(PERIOD.minusHours(1));
        long renewal = telegram.recurringPayment(
                CUSTOMER,
                order,
                100,
                "c2",
                false,
                start.plus(PERIOD.multipliedBy(2)).getEpochSecond());
        telegram.pushUpdate(com.atlassecure.testkit.telegram.TelegramUpdates.recurringPayment(
                CUSTOMER,
                9_999,
                order,
                100,
                "c2",
                false,
                start.plus(PERIOD.multipliedBy(2)).getEpochSecond()));
        awaitPayments(2);
        awaitUpdatesDone();
        assertThat(subscription().expiresAt())
                .as("two paid periods, the renewal delivered twice counted once (update %s)", renewal)
                .isEqualTo(start.plus(PERIOD.multipliedBy(2)));

        telegram.sendText(CUSTOMER, "en", "/start");
        RecordedCall home = telegram.awaitCall(
                "sendMessage", c -> c.chatId() == CUSTOMER && c.text().contains("renews automatically"), WAIT);
        assertThat(home.param("reply_markup")).contains(Menus.SUBSCRIPTION);

        telegram.pressButton(CUSTOMER, "en", (int) home.sequence(), Menus.SUBSCRIPTION_CANCEL);
        telegram.awaitCall(
                "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("⏹ Auto-renew cancelled"), WAIT);
        assertThat(telegram.subscriptionCancelled("c1")).contains(true);
        telegram.pressButton(CUSTOMER, "en", (int) home.sequence(), Menus.SUBSCRIPTION_RESUME);
        telegram.awaitCall(
                "editMessageText",
                c -> c.chatId() == CUSTOMER && c.text().startsWith("▶️ Auto-renew is on again"),
                WAIT);
        assertThat(telegram.subscriptionCancelled("c1")).contains(false);

        telegram.sendText(BotHarness.ADMIN, "en", "/refund c2");
        telegram.awaitCall(
                "sendMessage", c -> c.chatId() == BotHarness.ADMIN && c.text().startsWith("Refunded 100"), WAIT);
        assertThat(subscription().expiresAt()).isEqualTo(start.plus(PERIOD));
        assertThat(telegram.subscriptionCancelled("c1"))
                .as("a refunded subscriber is not charged again")
                .contains(true);

        telegram.sendText(BotHarness.ADMIN, "en", "/refund c1");
        telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == BotHarness.ADMIN
                        && c.text().startsWith("Refunded 100")
                        && c.text().contains("c1"),
                WAIT);
        assertThat(subscription().expiresAt()).as("no paid time left").isEqualTo(clock.instant());
        assertThat(jobKinds()).as("off every node through the outbox").contains(JobKind.REMOVE.name());
        assertThat(telegram.refundedCharges()).containsExactlyInAnyOrder("c1", "c2");
    }

    @Test
    void aSubscriberIsNotRemindedToRenewAndIsToldOnceWhenARenewalDoesNotCome() {
        Instant start = clock.instant();
        String order = subscribe();
        telegram.recurringPayment(
                CUSTOMER, order, 100, "c1", true, start.plus(PERIOD).getEpochSecond());
        telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);

        clock.advance(PERIOD.minusDays(1).plusMinutes(1));
        assertThat(bot.app.reminders().runOnce())
                .as("no 'renew now' to a subscriber")
                .isZero();

        clock.advance(Duration.ofDays(1));
        assertThat(bot.app.reminders().runOnce()).isEqualTo(1);
        assertThat(bot.app.reminders().runOnce()).as("told once").isZero();
        assertThat(telegram.calls("sendMessage"))
                .filteredOn(c -> c.chatId() == CUSTOMER && c.text().contains("was not renewed"))
                .hasSize(1);
    }

    private String subscribe() {
        telegram.sendText(CUSTOMER, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT)
                .sequence();
        telegram.pressButton(CUSTOMER, "en", menu, Menus.PLAN_PREFIX + "sub");
        String order = telegram.awaitCall("createInvoiceLink", c -> true, WAIT).param("payload");
        String query = telegram.preCheckout(CUSTOMER, order, 100, "XTR");
        telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
        return order;
    }

    private Subscription subscription() {
        return bot.app
                .database()
                .withHandle(h -> new SubscriptionRepository().find(h, CUSTOMER))
                .orElseThrow();
    }

    private List<String> jobKinds() {
        return bot.app
                .database()
                .withHandle(h -> h.createQuery("SELECT kind FROM outbox_jobs WHERE user_id = :user ORDER BY id")
                        .bind("user", CUSTOMER)
                        .mapTo(String.class)
                        .list());
    }

    private void awaitPayments(int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (payments() < count && System.nanoTime() < deadline) {
            sleep();
        }
        assertThat(payments()).isEqualTo(count);
    }

    private long payments() {
        return bot.app
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM payments WHERE user_id = :user")
                        .bind("user", CUSTOMER)
                        .mapTo(Long.class)
                        .one());
    }

    private void awaitUpdatesDone() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (telegram.pendingUpdates() > 0 && System.nanoTime() < deadline) {
            sleep();
        }
        sleep();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
