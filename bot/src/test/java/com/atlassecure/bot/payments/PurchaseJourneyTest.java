package com.atlassecure.bot.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A Stars purchase through the real Bot API wire format (the fake Bot API) while the API is down: the payment is
 * recorded and counted once however often Telegram reports it, and the customer is told the key is on its way.
 * The same journey with a working API, ending in the key, runs in the e2e module against the real API.
 */
class PurchaseJourneyTest extends BotJourney {
    static final long CUSTOMER = 4242;

    @Test
    void invoiceIsStarsWithAnEmptyProviderTokenAndPreCheckoutIsAnsweredOk() {
        String orderId = buyThreeMonths();
        RecordedCall invoice = telegram.calls("sendInvoice").get(0);
        assertThat(invoice.param("currency")).isEqualTo("XTR");
        assertThat(invoice.param("provider_token")).isNullOrEmpty();
        assertThat(invoice.json("prices").get(0).get("amount").asInt()).isEqualTo(270);

        String queryId = telegram.preCheckout(CUSTOMER, orderId, 270, "XTR");
        RecordedCall answer = telegram.awaitCall(
                "answerPreCheckoutQuery", c -> queryId.equals(c.param("pre_checkout_query_id")), WAIT);
        assertThat(answer.param("ok")).isEqualTo("true");
    }

    @Test
    void preCheckoutRefusesAWrongAmountAnUnknownOrderAndAStaleOne() {
        String orderId = buyThreeMonths();
        String wrongAmount = telegram.preCheckout(CUSTOMER, orderId, 1, "XTR");
        assertThat(awaitAnswer(wrongAmount).param("ok")).isEqualTo("false");
        String unknown = telegram.preCheckout(CUSTOMER, "o-does-not-exist", 270, "XTR");
        assertThat(awaitAnswer(unknown).param("error_message"))
                .isEqualTo(messages.get(Language.EN, "precheckout.unknown_order"));
        clock.advance(PaymentService.ORDER_TTL.plusMinutes(1));
        String stale = telegram.preCheckout(CUSTOMER, orderId, 270, "XTR");
        assertThat(awaitAnswer(stale).param("error_message")).isEqualTo(messages.get(Language.EN, "precheckout.stale"));
    }

    @Test
    void sameSuccessfulPaymentTwiceGivesOnePaymentAndOneExtensionAndTheCustomerIsTold() {
        String orderId = buyThreeMonths();
        telegram.successfulPayment(CUSTOMER, orderId, 270, "charge-abc");
        telegram.successfulPayment(CUSTOMER, orderId, 270, "charge-abc");

        telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == CUSTOMER
                        && messages.get(Language.EN, "payment.pending").equals(c.text()),
                WAIT);
        // Both updates are handled in order for this user; wait for the second to finish.
        awaitIdle();

        var db = bot.app.database();
        PaymentRepository payments = new PaymentRepository();
        assertThat(db.<Long>withHandle(h -> payments.countForUser(h, CUSTOMER))).isEqualTo(1L);
        Subscription sub = db.withHandle(h -> new SubscriptionRepository().find(h, CUSTOMER))
                .orElseThrow();
        assertThat(sub.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThat(sub.hasKey()).isFalse();
        long received = telegram.calls("sendMessage").stream()
                .filter(c -> c.chatId() == CUSTOMER && c.text().startsWith("✅ Payment of 270"))
                .count();
        assertThat(received).as("one 'payment received' for one payment").isEqualTo(1);
        assertThat(api.requests())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/add-user"));
    }

    private String buyThreeMonths() {
        telegram.sendText(CUSTOMER, "en", "/start");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        int menuId = menuMessageId(menu);
        telegram.pressButton(CUSTOMER, "en", menuId, Menus.BUY);
        telegram.awaitCall("editMessageText", c -> c.chatId() == CUSTOMER, WAIT);
        telegram.pressButton(CUSTOMER, "en", menuId, Menus.PLAN_PREFIX + "m3");
        return telegram.awaitCall("sendInvoice", c -> c.chatId() == CUSTOMER, WAIT)
                .param("payload");
    }

    private RecordedCall awaitAnswer(String queryId) {
        return telegram.awaitCall(
                "answerPreCheckoutQuery", c -> queryId.equals(c.param("pre_checkout_query_id")), WAIT);
    }

    private static int menuMessageId(RecordedCall call) {
        // The fake numbers messages itself; any id works for editing in place, so use the call's sequence.
        return (int) call.sequence();
    }

    private void awaitIdle() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((telegram.pendingUpdates() > 0 || bot.app.dispatcher().inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(bot.app.dispatcher().inFlight()).isZero();
    }
}
