package com.atlassecure.testkit.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Builds update objects in the real Bot API JSON shape (without {@code update_id}, which the fake assigns), for
 * injecting through {@link FakeBotApi} or posting straight to a webhook.
 */
public final class TelegramUpdates {
    private TelegramUpdates() {}

    public static ObjectNode user(long userId, String languageCode) {
        ObjectNode from = FakeBotApi.MAPPER.createObjectNode();
        from.put("id", userId);
        from.put("is_bot", false);
        from.put("first_name", "Customer" + userId);
        from.put("username", "customer" + userId);
        if (languageCode != null) {
            from.put("language_code", languageCode);
        }
        return from;
    }

    static ObjectNode chat(long chatId) {
        ObjectNode chat = FakeBotApi.MAPPER.createObjectNode();
        chat.put("id", chatId);
        chat.put("type", "private");
        return chat;
    }

    /** A private-chat message from the user. */
    public static ObjectNode message(long userId, String languageCode, int messageId, String text) {
        ObjectNode message = baseMessage(userId, languageCode, messageId);
        message.put("text", text);
        if (text.startsWith("/")) {
            int end = text.indexOf(' ');
            ObjectNode entity = message.putArray("entities").addObject();
            entity.put("type", "bot_command");
            entity.put("offset", 0);
            entity.put("length", end < 0 ? text.length() : end);
        }
        return wrap("message", message);
    }

    /** A press on an inline button under the bot's message {@code messageId}. */
    public static ObjectNode callbackQuery(
            long userId, String languageCode, String queryId, int messageId, String data) {
        ObjectNode query = FakeBotApi.MAPPER.createObjectNode();
        query.put("id", queryId);
        query.set("from", user(userId, languageCode));
        ObjectNode message = query.putObject("message");
        message.put("message_id", messageId);
        message.put("date", Instant.now().getEpochSecond());
        message.set("chat", chat(userId));
        message.put("text", "menu");
        query.put("chat_instance", "ci" + userId);
        query.put("data", data);
        return wrap("callback_query", query);
    }

    public static ObjectNode preCheckoutQuery(
            long userId, String queryId, String payload, int totalAmount, String currency) {
        ObjectNode query = FakeBotApi.MAPPER.createObjectNode();
        query.put("id", queryId);
        query.set("from", user(userId, null));
        query.put("currency", currency);
        query.put("total_amount", totalAmount);
        query.put("invoice_payload", payload);
        return wrap("pre_checkout_query", query);
    }

    /** The service message Telegram sends after a payment; {@code chargeId} is the telegram_payment_charge_id. */
    public static ObjectNode successfulPayment(
            long userId, int messageId, String payload, int totalAmount, String chargeId) {
        ObjectNode message = baseMessage(userId, null, messageId);
        ObjectNode payment = message.putObject("successful_payment");
        payment.put("currency", "XTR");
        payment.put("total_amount", totalAmount);
        payment.put("invoice_payload", payload);
        payment.put("telegram_payment_charge_id", chargeId);
        payment.put("provider_payment_charge_id", "");
        return wrap("message", message);
    }

    /** A payment of a Stars subscription, first or renewal, as Telegram marks it. */
    public static ObjectNode recurringPayment(
            long userId,
            int messageId,
            String payload,
            int totalAmount,
            String chargeId,
            boolean first,
            long expiresAtEpochSecond) {
        ObjectNode update = successfulPayment(userId, messageId, payload, totalAmount, chargeId);
        ObjectNode payment = (ObjectNode) update.path("message").path("successful_payment");
        payment.put("subscription_expiration_date", expiresAtEpochSecond);
        payment.put("is_recurring", true);
        if (first) {
            payment.put("is_first_recurring", true);
        }
        return update;
    }

    /** The service message Telegram sends after a payment was refunded. */
    public static ObjectNode refundedPayment(
            long userId, int messageId, String payload, int totalAmount, String chargeId) {
        ObjectNode message = baseMessage(userId, null, messageId);
        ObjectNode refund = message.putObject("refunded_payment");
        refund.put("currency", "XTR");
        refund.put("total_amount", totalAmount);
        refund.put("invoice_payload", payload);
        refund.put("telegram_payment_charge_id", chargeId);
        return wrap("message", message);
    }

    private static ObjectNode baseMessage(long userId, String languageCode, int messageId) {
        ObjectNode message = FakeBotApi.MAPPER.createObjectNode();
        message.put("message_id", messageId);
        message.set("from", user(userId, languageCode));
        message.set("chat", chat(userId));
        message.put("date", Instant.now().getEpochSecond());
        return message;
    }

    private static ObjectNode wrap(String kind, ObjectNode body) {
        ObjectNode update = FakeBotApi.MAPPER.createObjectNode();
        update.set(kind, body);
        return update;
    }
}
