package com.atlassecure.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One Bot API call as the fake received it: the method, its parameters as JSON (form and multipart fields become
 * strings, exactly as Telegram would see them) and any uploaded files.
 */
public record RecordedCall(long sequence, String method, ObjectNode params, Map<String, byte[]> files) {

    /** The parameter as text, or null when absent. JSON objects/arrays come back as their JSON text. */
    public String param(String name) {
        JsonNode node = params.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** The parameter parsed as JSON: form fields such as {@code reply_markup} arrive as JSON text. */
    public JsonNode json(String name) {
        JsonNode node = params.get(name);
        if (node != null && node.isTextual()) {
            try {
                return FakeBotApi.MAPPER.readTree(node.asText());
            } catch (java.io.IOException e) {
                return node;
            }
        }
        return node;
    }

    public long chatId() {
        String chat = param("chat_id");
        if (chat == null) {
            chat = param("user_id");
        }
        return chat == null ? 0 : Long.parseLong(chat);
    }

    public String text() {
        String text = param("text");
        return text != null ? text : param("caption");
    }
}
