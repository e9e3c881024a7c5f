package com.atlassecure.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A local stand-in for the Telegram Bot API on 127.0.0.1, speaking its real JSON: {@code POST|GET
 * /bot<token>/<method>} with JSON, form or multipart bodies, answered with {@code {"ok":true,"result":...}} or the
 * error shape Telegram uses. It records every call, queues injected updates for {@code getUpdates} (long polling
 * with {@code offset} and {@code timeout}), books every charge for {@code getStarTransactions}, refuses a second
 * refund of a charge with CHARGE_ALREADY_REFUNDED, and can be told to answer with 429 + {@code retry_after} or with
 * 403 "bot was blocked by the user". Thread-safe.
 */
public final class FakeBotApi implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    public static final long BOT_ID = 7_000_000_001L;
    public static final String BOT_USERNAME = "atlas_test_bot";

    private final Javalin server;
    private final Object lock = new Object();
    private final List<ObjectNode> pendingUpdates = new ArrayList<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final AtomicLong nextUpdateId = new AtomicLong(1);
    private final AtomicInteger nextMessageId = new AtomicInteger(1000);
    private final AtomicLong nextQueryId = new AtomicLong(1);
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    private final Map<String, Integer> throttleRetryAfter = new ConcurrentHashMap<>();
    private final Set<Long> blockedChats = ConcurrentHashMap.newKeySet();
    private final List<ObjectNode> starTransactions = new ArrayList<>();
    private final Set<String> refundedCharges = ConcurrentHashMap.newKeySet();
    private final List<Consumer<RecordedCall>> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration maxLongPoll = Duration.ofSeconds(1);
    private volatile String webhookUrl;
    private volatile String webhookSecret;
    private volatile boolean closed;

    private FakeBotApi() {
        server = Javalin.create(config -> {
            config.routes.get("/{bot}/{method}", this::handle);
            config.routes.post("/{bot}/{method}", this::handle);
        });
    }

    /** Starts on a free loopback port. */
    public static FakeBotApi start() {
        FakeBotApi api = new FakeBotApi();
        api.server.start("127.0.0.1", 0);
        return api;
    }

    public int port() {
        return server.port();
    }

    /** The value for the bot's {@code TELEGRAM_API_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Caps how long one {@code getUpdates} call waits, so bots under test shut down promptly. */
    public void maxLongPoll(Duration duration) {
        this.maxLongPoll = duration;
    }

    // ---- injecting updates -------------------------------------------------------------------------------

    /** Queues an update (built with {@link TelegramUpdates}); returns its assigned update_id. */
    public long pushUpdate(ObjectNode update) {
        ObjectNode copy = update.deepCopy();
        long id = nextUpdateId.getAndIncrement();
        copy.put("update_id", id);
        synchronized (lock) {
            pendingUpdates.add(copy);
            lock.notifyAll();
        }
        return id;
    }

    public long sendText(long userId, String languageCode, String text) {
        return pushUpdate(TelegramUpdates.message(userId, languageCode, nextMessageId.incrementAndGet(), text));
    }

    /** Presses an inline button; returns the callback query id. */
    public String pressButton(long userId, String languageCode, int messageId, String data) {
        String queryId = "cq" + nextQueryId.getAndIncrement();
        pushUpdate(TelegramUpdates.callbackQuery(userId, languageCode, queryId, messageId, data));
        return queryId;
    }

    /** Sends a pre_checkout_query; returns its id, which {@code answerPreCheckoutQuery} must echo. */
    public String preCheckout(long userId, String payload, int totalAmount, String currency) {
        String queryId = "pcq" + nextQueryId.getAndIncrement();
        pushUpdate(TelegramUpdates.preCheckoutQuery(userId, queryId, payload, totalAmount, currency));
        return queryId;
    }

    /** The customer pays: Telegram books the charge (see {@code getStarTransactions}) and sends the update. */
    public long successfulPayment(long userId, String payload, int totalAmount, String chargeId) {
        chargeWithoutUpdate(userId, payload, totalAmount, chargeId);
        return pushUpdate(TelegramUpdates.successfulPayment(
                userId, nextMessageId.incrementAndGet(), payload, totalAmount, chargeId));
    }

    /**
     * Books a charge in the bot's Stars balance without sending any update, as when Telegram took the money and the
     * bot confirmed the update without recording it. Booking the same charge twice keeps one transaction.
     */
    public void chargeWithoutUpdate(long userId, String payload, int totalAmount, String chargeId) {
        synchronized (lock) {
            for (ObjectNode tx : starTransactions) {
                if (tx.path("id").asText().equals(chargeId) && tx.has("source")) {
                    return;
                }
            }
            ObjectNode tx = MAPPER.createObjectNode();
            tx.put("id", chargeId);
            tx.put("amount", totalAmount);
            tx.put("date", Instant.now().getEpochSecond());
            ObjectNode source = tx.putObject("source");
            source.put("type", "user");
            source.put("transaction_type", "invoice_payment");
            source.set("user", TelegramUpdates.user(userId, null));
            source.put("invoice_payload", payload);
            starTransactions.add(tx);
        }
    }

    /** The service message Telegram sends when a payment was refunded (by the bot or by Telegram). */
    public long refundedPayment(long userId, String payload, int totalAmount, String chargeId) {
        return pushUpdate(TelegramUpdates.refundedPayment(
                userId, nextMessageId.incrementAndGet(), payload, totalAmount, chargeId));
    }

    /** Charges refunded through {@code refundStarPayment}. */
    public Set<String> refundedCharges() {
        return Set.copyOf(refundedCharges);
    }

    /** Updates queued and not yet confirmed by a later {@code offset}. */
    public int pendingUpdates() {
        synchronized (lock) {
            return pendingUpdates.size();
        }
    }

    // ---- faults -----------------------------------------------------------------------------------------

    /** The next {@code times} calls of {@code method} get 429 with {@code parameters.retry_after}. */
    public void throttle(String method, int times, int retryAfterSeconds) {
        throttled.put(method, new AtomicInteger(times));
        throttleRetryAfter.put(method, retryAfterSeconds);
    }

    /** Every send to this chat gets 403 "Forbidden: bot was blocked by the user". */
    public void blockChat(long chatId) {
        blockedChats.add(chatId);
    }

    // ---- inspection -------------------------------------------------------------------------------------

    /** Also hands every recorded call (not getUpdates) to {@code listener} as it arrives, on the server's thread. */
    public void onCall(Consumer<RecordedCall> listener) {
        listeners.add(listener);
    }

    public List<RecordedCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<RecordedCall> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Waits for a call of {@code method} matching {@code condition}; fails with the calls seen so far. */
    public RecordedCall awaitCall(String method, Predicate<RecordedCall> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (RecordedCall call : calls) {
                    if (call.method().equals(method) && condition.test(call)) {
                        return call;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + method + " call matched within " + timeout + "; calls: "
                            + calls.stream().map(c -> c.method() + c.params()).toList());
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + method, e);
                }
            }
        }
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        server.stop();
    }

    // ---- the HTTP side ----------------------------------------------------------------------------------

    private void handle(Context ctx) throws IOException, InterruptedException {
        String bot = ctx.pathParam("bot");
        if (!bot.startsWith("bot") || bot.length() < 4) {
            reply(ctx, error(404, "Not Found", null));
            return;
        }
        // Telegram matches method names case-insensitively, and telegrambots sends them lower-cased.
        String method = canonical(ctx.pathParam("method"));
        ObjectNode params = readParams(ctx);
        Map<String, byte[]> files = resolveAttachments(params, readFiles(ctx));
        RecordedCall call;
        synchronized (lock) {
            call = new RecordedCall(calls.size() + 1, method, params, files);
            if (!method.equals("getUpdates")) {
                calls.add(call);
            }
            lock.notifyAll();
        }
        if (!method.equals("getUpdates")) {
            for (Consumer<RecordedCall> listener : listeners) {
                listener.accept(call);
            }
        }
        AtomicInteger remaining = throttled.get(method);
        if (remaining != null && remaining.getAndDecrement() > 0) {
            int retryAfter = throttleRetryAfter.getOrDefault(method, 1);
            ObjectNode parameters = MAPPER.createObjectNode().put("retry_after", retryAfter);
            reply(ctx, error(429, "Too Many Requests: retry after " + retryAfter, parameters));
            return;
        }
        if (method.startsWith("send") && blockedChats.contains(call.chatId())) {
            reply(ctx, error(403, "Forbidden: bot was blocked by the user", null));
            return;
        }
        reply(ctx, answer(method, call));
    }

    private ObjectNode answer(String method, RecordedCall call) throws InterruptedException {
        switch (method) {
            case "getUpdates":
                return ok(getUpdates(call));
            case "getMe": {
                ObjectNode me = MAPPER.createObjectNode();
                me.put("id", BOT_ID).put("is_bot", true).put("first_name", "Atlas Test");
                me.put("username", BOT_USERNAME);
                return ok(me);
            }
            case "deleteWebhook":
                webhookUrl = null;
                webhookSecret = null;
                return ok(MAPPER.getNodeFactory().booleanNode(true));
            case "setWebhook":
                webhookUrl = call.param("url");
                webhookSecret = call.param("secret_token");
                return ok(MAPPER.getNodeFactory().booleanNode(true));
            case "sendMessage":
            case "sendPhoto":
            case "sendInvoice":
            case "editMessageText":
                return ok(sentMessage(method, call));
            case "getStarTransactions":
                return ok(starTransactions(call));
            case "refundStarPayment":
                return refund(call);
            case "answerCallbackQuery":
            case "answerPreCheckoutQuery":
            case "setMyCommands":
            case "deleteMessage":
                return ok(MAPPER.getNodeFactory().booleanNode(true));
            default:
                return error(404, "Not Found: method " + method + " is not faked", null);
        }
    }

    /** Telegram answers a second refund of one charge with 400 CHARGE_ALREADY_REFUNDED, and books a refund once. */
    private ObjectNode refund(RecordedCall call) {
        String charge = call.param("telegram_payment_charge_id");
        if (charge == null || !refundedCharges.add(charge)) {
            return error(400, "Bad Request: CHARGE_ALREADY_REFUNDED", null);
        }
        synchronized (lock) {
            for (ObjectNode tx : List.copyOf(starTransactions)) {
                if (tx.path("id").asText().equals(charge) && tx.has("source")) {
                    ObjectNode back = MAPPER.createObjectNode();
                    back.put("id", charge);
                    back.put("amount", tx.path("amount").asInt());
                    back.put("date", Instant.now().getEpochSecond());
                    ObjectNode receiver = back.putObject("receiver");
                    receiver.put("type", "user");
                    receiver.put("transaction_type", "invoice_payment");
                    receiver.set("user", tx.path("source").path("user").deepCopy());
                    receiver.put(
                            "invoice_payload",
                            tx.path("source").path("invoice_payload").asText());
                    starTransactions.add(back);
                }
            }
        }
        return ok(MAPPER.getNodeFactory().booleanNode(true));
    }

    /** StarTransactions in chronological order, paged by {@code offset} and {@code limit} (1-100, default 100). */
    private ObjectNode starTransactions(RecordedCall call) {
        int offset = (int) parseLong(call.param("offset"), 0);
        int limit = (int) Math.max(1, Math.min(100, parseLong(call.param("limit"), 100)));
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode list = result.putArray("transactions");
        synchronized (lock) {
            for (int i = offset; i < starTransactions.size() && list.size() < limit; i++) {
                list.add(starTransactions.get(i).deepCopy());
            }
        }
        return result;
    }

    private ArrayNode getUpdates(RecordedCall call) throws InterruptedException {
        long offset = parseLong(call.param("offset"), 0);
        int limit = (int) parseLong(call.param("limit"), 100);
        long timeoutMs = Math.min(parseLong(call.param("timeout"), 0) * 1000, maxLongPoll.toMillis());
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (lock) {
            // Telegram forgets updates once a later offset confirms them.
            pendingUpdates.removeIf(u -> u.get("update_id").asLong() < offset);
            while (pendingUpdates.isEmpty() && !closed) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
            ArrayNode result = MAPPER.createArrayNode();
            for (ObjectNode update : pendingUpdates) {
                if (result.size() >= limit) {
                    break;
                }
                result.add(update);
            }
            return result;
        }
    }

    private ObjectNode sentMessage(String method, RecordedCall call) {
        ObjectNode message = MAPPER.createObjectNode();
        String existing = call.param("message_id");
        message.put("message_id", existing != null ? Integer.parseInt(existing) : nextMessageId.incrementAndGet());
        message.put("date", Instant.now().getEpochSecond());
        ObjectNode from = message.putObject("from");
        from.put("id", BOT_ID).put("is_bot", true).put("first_name", "Atlas Test");
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

    private static final List<String> METHODS = List.of(
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

    private static String canonical(String method) {
        for (String known : METHODS) {
            if (known.equalsIgnoreCase(method)) {
                return known;
            }
        }
        return method;
    }

    private static ObjectNode readParams(Context ctx) throws IOException {
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

    private static Map<String, byte[]> readFiles(Context ctx) throws IOException {
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
    private static Map<String, byte[]> resolveAttachments(ObjectNode params, Map<String, byte[]> files) {
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

    private static ObjectNode ok(JsonNode result) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("ok", true);
        body.set("result", result);
        return body;
    }

    private static ObjectNode error(int code, String description, ObjectNode parameters) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("ok", false);
        body.put("error_code", code);
        body.put("description", description);
        if (parameters != null) {
            body.set("parameters", parameters);
        }
        return body;
    }

    private static void reply(Context ctx, ObjectNode body) throws IOException {
        int status = body.path("ok").asBoolean() ? 200 : body.path("error_code").asInt(500);
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(MAPPER.writeValueAsBytes(body));
    }

    private static long parseLong(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return Long.parseLong(value.strip());
    }

    /** Counts of calls by method; handy in failure messages. */
    public Map<String, Integer> callCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (RecordedCall call : calls()) {
            counts.merge(call.method(), 1, Integer::sum);
        }
        return counts;
    }
}
