package com.atlassecure.testkit.telegram;

import static com.atlassecure.testkit.telegram.FakeBotApi.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Bot API's wire format as the fake reads and writes it: method names, parameters, files and the answer shape. */
final class BotApiWire {
    private BotApiWire() {}

    static final List<String> METHODS = List.of(
            "getUpdates",
            "getMe",
            "deleteWebhook",
            "setWebhook",
            "sendMessage",
            "sendPhoto",
            "sendInvoice",
            "editMessageText",
            "answerCallbackQuery",
            "answerPreCheckoutQuery",
            "refundStarPayment",
            "getStarTransactions",
            "setMyCommands",
            "deleteMessage");

    static String canonical(String method) {
        for (String known : METHODS) {
            if (known.equalsIgnoreCase(method)) {
                return known;
            }
        }
        return method;
    }

    static ObjectNode readParams(Context ctx) throws IOException {
        ObjectNode params = MAPPER.createObjectNode();
        ctx.queryParamMap().forEach((k, v) -> params.put(k, v.get(0)));
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (contentType.startsWith("application/json")) {
            byte[] body = ctx.bodyAsBytes();
            if (body.length > 0) {
                JsonNode json = MAPPER.readTree(body);
                if (json.isObject()) {
                    params.setAll((ObjectNode) json);
                }
            }
        } else if (contentType.startsWith("multipart/") || contentType.startsWith("application/x-www-form")) {
            for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
                // File parts show up here with no text value; they are read by readFiles.
                if (!e.getValue().isEmpty()) {
                    params.put(e.getKey(), e.getValue().get(0));
                }
            }
        }
        return params;
    }

    static Map<String, byte[]> readFiles(Context ctx) throws IOException {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (!contentType.startsWith("multipart/")) {
            return Map.of();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, List<UploadedFile>> e : ctx.uploadedFileMap().entrySet()) {
            try (InputStream in = e.getValue().get(0).content()) {
                files.put(e.getKey(), in.readAllBytes());
            }
        }
        return Map.copyOf(files);
    }

    /**
     * A field may name its file part instead of being one ({@code "photo": "attach://qr.png"}), as the Bot API allows
     * and telegrambots does; the file is then recorded under the field's name too.
     */
    static Map<String, byte[]> resolveAttachments(ObjectNode params, Map<String, byte[]> files) {
        if (files.isEmpty()) {
            return files;
        }
        Map<String, byte[]> resolved = new LinkedHashMap<>(files);
        params.fields().forEachRemaining(field -> {
            String value = field.getValue().asText("");
            if (value.startsWith("attach://") && files.containsKey(value.substring("attach://".length()))) {
                resolved.put(field.getKey(), files.get(value.substring("attach://".length())));
            }
        });
        return Map.copyOf(resolved);
    }

    static ObjectNode ok(JsonNode result) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("ok", true);
        body.set("result", result);
        return body;
    }

    static ObjectNode error(int code, String description, ObjectNode parameters) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("ok", false);
        body.put("error_code", code);
        body.put("description", description);
        if (parameters != null) {
            body.set("parameters", parameters);
        }
        return body;
    }

    static void reply(Context ctx, ObjectNode body) throws IOException {
        int status = body.path("ok").asBoolean() ? 200 : body.path("error_code").asInt(500);
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(MAPPER.writeValueAsBytes(body));
    }

    static long parseLong(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return Long.parseLong(value.strip());
    }
}
