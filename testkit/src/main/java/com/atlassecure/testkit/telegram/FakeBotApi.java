package com.atlassecure.testkit.telegram;

import static com.atlassecure.testkit.telegram.BotApiWire.canonical;
import static com.atlassecure.testkit.telegram.BotApiWire.error;
import static com.atlassecure.testkit.telegram.BotApiWire.ok;
import static com.atlassecure.testkit.telegram.BotApiWire.parseLong;
import static com.atlassecure.testkit.telegram.BotApiWire.readFiles;
import static com.atlassecure.testkit.telegram.BotApiWire.readParams;
import static com.atlassecure.testkit.telegram.BotApiWire.reply;
import static com.atlassecure.testkit.telegram.BotApiWire.resolveAttachments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final UpdateQueue updates = new UpdateQueue();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final AtomicInteger nextMessageId = new AtomicInteger(1000);
    private final AtomicLong nextQueryId = new AtomicLong(1);
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    private final Map<String, Integer> throttleRetryAfter = new ConcurrentHashMap<>();
    private final Set<Long> blockedChats = ConcurrentHashMap.newKeySet();
    private final StarSubscriptions subscriptions = new StarSubscriptions();
    private final StarLedger stars = new StarLedger();
    private final List<Consumer<RecordedCall>> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration maxLongPoll = Duration.ofSeconds(1);
    private volatile String webhookUrl;
    private volatile String webhookSecret;

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
        return updates.push(update);
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
        stars.charge(userId, payload, totalAmount, chargeId);
    }

    /**
     * A payment of a Stars subscription: the first ({@code first}) or a renewal, each with its own charge id; the
     * subscription then runs until {@code expiresAtEpochSecond}. The first payment's charge id names the subscription
     * for {@code editUserStarSubscription}.
     */
    public long recurringPayment(
            long userId, String payload, int totalAmount, String chargeId, boolean first, long expiresAtEpochSecond) {
        chargeWithoutUpdate(userId, payload, totalAmount, chargeId);
        if (first) {
            subscriptions.subscribed(userId, chargeId);
        }
        return pushUpdate(TelegramUpdates.recurringPayment(
                userId, nextMessageId.incrementAndGet(), payload, totalAmount, chargeId, first, expiresAtEpochSecond));
    }

    /** The invoice link {@code createInvoiceLink} answered with {@code url}: its payload, price and period. */
    public java.util.Optional<Integer> subscriptionPeriodOf(String url) {
        return subscriptions.link(url).map(StarSubscriptions.InvoiceLink::subscriptionPeriod);
    }

    /** Whether the subscription first paid with {@code chargeId} is cancelled; empty when there is none. */
    public java.util.Optional<Boolean> subscriptionCancelled(String chargeId) {
        return subscriptions.cancelled(chargeId);
    }

    /** The service message Telegram sends when a payment was refunded (by the bot or by Telegram). */
    public long refundedPayment(long userId, String payload, int totalAmount, String chargeId) {
        return pushUpdate(TelegramUpdates.refundedPayment(
                userId, nextMessageId.incrementAndGet(), payload, totalAmount, chargeId));
    }

    /** Charges refunded through {@code refundStarPayment}. */
    public Set<String> refundedCharges() {
        return stars.refunded();
    }

    /** Updates queued and not yet confirmed by a later {@code offset}. */
    public int pendingUpdates() {
        return updates.size();
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
        updates.close();
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
                String existing = call.param("message_id");
                int messageId = existing != null ? Integer.parseInt(existing) : nextMessageId.incrementAndGet();
                return ok(SentMessages.of(method, call, messageId, BOT_ID));
            case "getStarTransactions":
                return ok(stars.page((int) parseLong(call.param("offset"), 0), (int)
                        Math.max(1, Math.min(100, parseLong(call.param("limit"), 100)))));
            case "createInvoiceLink": {
                Object made = subscriptions.create(call);
                return made instanceof StarSubscriptions.InvoiceLink link
                        ? ok(MAPPER.getNodeFactory().textNode(link.url()))
                        : error(400, (String) made, null);
            }
            case "editUserStarSubscription": {
                String refused = subscriptions.edit(call);
                return refused == null ? ok(MAPPER.getNodeFactory().booleanNode(true)) : error(400, refused, null);
            }
            case "refundStarPayment":
                return stars.refund(call.param("telegram_payment_charge_id"))
                        ? ok(MAPPER.getNodeFactory().booleanNode(true))
                        : error(400, "Bad Request: CHARGE_ALREADY_REFUNDED", null);
            case "answerCallbackQuery":
            case "answerPreCheckoutQuery":
            case "setMyCommands":
            case "deleteMessage":
                return ok(MAPPER.getNodeFactory().booleanNode(true));
            default:
                return error(404, "Not Found: method " + method + " is not faked", null);
        }
    }

    private ArrayNode getUpdates(RecordedCall call) throws InterruptedException {
        long offset = parseLong(call.param("offset"), 0);
        int limit = (int) parseLong(call.param("limit"), 100);
        long timeoutMs = Math.min(parseLong(call.param("timeout"), 0) * 1000, maxLongPoll.toMillis());
        return updates.poll(offset, limit, timeoutMs);
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
