package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A Telegram customer, driven through the fake Bot API exactly as the real app would send their taps: /start, the
 * Buy button, a plan, the invoice's pre-checkout and the successful payment. Waits for the bot's answers.
 */
final class Customer {
    static final String LANGUAGE = "en";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What the bot delivered: the link message's monospace part and the QR photo sent after it. */
    record Delivery(String link, byte[] qrPng) {
        @Override
        public String toString() {
            return "Delivery[link=<" + link.length() + " chars>, qr=" + qrPng.length + " bytes]";
        }
    }

    private final long id;
    private final FakeBotApi telegram;

    Customer(long id, FakeBotApi telegram) {
        this.id = id;
        this.telegram = telegram;
    }

    /** The sequence number of the last recorded Bot API call; later waits look only at calls after it. */
    long mark() {
        return telegram.calls().stream().mapToLong(RecordedCall::sequence).max().orElse(0);
    }

    /** An invoice the customer has paid for at pre-checkout; the payment itself is still to come. */
    record Invoice(String orderId, int amount) {}

    /** /start → Buy → the plan → invoice → pre-checkout (answered ok) → successful_payment; then the key. */
    Delivery buyAndPay(String planId, String chargeId) {
        Invoice invoice = checkout(planId);
        long paid = mark();
        telegram.successfulPayment(id, invoice.orderId(), invoice.amount(), chargeId);
        RecordedCall linkMessage = await("sendMessage", paid, c -> monospace(c) != null);
        RecordedCall photo = await("sendPhoto", linkMessage.sequence(), c -> true);
        byte[] png = photo.files().get("photo");
        assertThat(png).as("the QR photo's upload").isNotNull().isNotEmpty();
        return new Delivery(monospace(linkMessage), png);
    }

    /** /start → Buy → the plan → invoice → pre-checkout, answered ok; Telegram would now take the Stars. */
    Invoice checkout(String planId) {
        long before = mark();
        telegram.sendText(id, LANGUAGE, "/start");
        RecordedCall menu = await("sendMessage", before, c -> hasButton(c, Menus.BUY));
        int menuId = (int) menu.sequence(); // the fake accepts any id for edits in place
        telegram.pressButton(id, LANGUAGE, menuId, Menus.BUY);
        await("editMessageText", menu.sequence(), c -> hasButton(c, Menus.PLAN_PREFIX + planId));
        telegram.pressButton(id, LANGUAGE, menuId, Menus.PLAN_PREFIX + planId);
        RecordedCall invoice = await("sendInvoice", menu.sequence(), c -> true);
        assertThat(invoice.param("currency")).as("Stars invoice currency").isEqualTo("XTR");
        assertThat(invoice.param("provider_token"))
                .as("Stars take no provider token")
                .isNullOrEmpty();
        String orderId = invoice.param("payload");
        int amount = invoice.json("prices").get(0).get("amount").asInt();

        String queryId = telegram.preCheckout(id, orderId, amount, "XTR");
        // Telegram's answer names the query, not the chat.
        RecordedCall answer = telegram.awaitCall(
                "answerPreCheckoutQuery",
                c -> c.sequence() > invoice.sequence() && queryId.equals(c.param("pre_checkout_query_id")),
                WAIT);
        assertThat(answer.param("ok"))
                .as("pre-checkout answer for order " + orderId)
                .isEqualTo("true");
        return new Invoice(orderId, amount);
    }

    /** Waits for a text message to this customer, sent after {@code after}, with exactly this text. */
    RecordedCall awaitText(String text, long after) {
        return await("sendMessage", after, c -> text.equals(c.text()));
    }

    private RecordedCall await(String method, long after, Predicate<RecordedCall> condition) {
        return telegram.awaitCall(method, c -> c.sequence() > after && c.chatId() == id && condition.test(c), WAIT);
    }

    static boolean hasButton(RecordedCall call, String callbackData) {
        JsonNode markup = call.json("reply_markup");
        if (markup == null) {
            return false;
        }
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (callbackData.equals(button.path("callback_data").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The text under the message's "pre" entity: the part a customer taps to copy; null when there is none. */
    static String monospace(RecordedCall call) {
        JsonNode entities = call.json("entities");
        String text = call.param("text");
        if (entities == null || text == null) {
            return null;
        }
        for (JsonNode entity : entities) {
            if ("pre".equals(entity.path("type").asText())
                    || "code".equals(entity.path("type").asText())) {
                int offset = entity.path("offset").asInt();
                return text.substring(offset, offset + entity.path("length").asInt());
            }
        }
        return null;
    }
}
