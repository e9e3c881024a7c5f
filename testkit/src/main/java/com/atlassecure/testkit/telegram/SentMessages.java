package com.atlassecure.testkit.telegram;

import static com.atlassecure.testkit.telegram.FakeBotApi.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The Message object Telegram answers a send or an edit with, built from the call's parameters. */
final class SentMessages {
    private SentMessages() {}

    static ObjectNode of(String method, RecordedCall call, int messageId, long botId) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("message_id", messageId);
        message.put("date", Instant.now().getEpochSecond());
        ObjectNode from = message.putObject("from");
        from.put("id", botId).put("is_bot", true).put("first_name", "Atlas Test");
        message.set("chat", TelegramUpdates.chat(call.chatId()));
        switch (method) {
            case "sendPhoto" -> {
                ObjectNode size = message.putArray("photo").addObject();
                size.put("file_id", "photo" + call.sequence());
                size.put("file_unique_id", "u" + call.sequence());
                size.put("width", 512).put("height", 512);
                if (call.param("caption") != null) {
                    message.put("caption", call.param("caption"));
                }
            }
            case "sendInvoice" -> {
                ObjectNode invoice = message.putObject("invoice");
                invoice.put("title", call.param("title"));
                invoice.put("description", call.param("description"));
                invoice.put("start_parameter", "");
                invoice.put("currency", call.param("currency"));
                long total = 0;
                JsonNode prices = call.json("prices");
                if (prices != null) {
                    for (JsonNode price : prices) {
                        total += price.path("amount").asLong();
                    }
                }
                invoice.put("total_amount", total);
            }
            default -> message.put("text", call.param("text"));
        }
        return message;
    }
}
