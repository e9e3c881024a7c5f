package com.atlassecure.bot.support;

import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link TelegramGateway} for unit tests of the bot's own logic; tests that exercise the Bot API
 * wire format use the fake Bot API server instead.
 */
public final class RecordingTelegram implements TelegramGateway {
    /** One outgoing call. */
    public record Sent(String method, long chatId, String text, String monospace, byte[] photo, Keyboard keyboard) {}

    private final List<Sent> sent = new ArrayList<>();
    private final Set<Long> blocked = ConcurrentHashMap.newKeySet();
    private int nextMessageId = 100;

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> to(long chatId) {
        return sent().stream().filter(s -> s.chatId() == chatId).toList();
    }

    public void block(long chatId) {
        blocked.add(chatId);
    }

    private synchronized int record(Sent s) {
        if (blocked.contains(s.chatId())) {
            throw new TelegramCallException(s.method(), 403, null, "Forbidden: bot was blocked by the user", null);
        }
        sent.add(s);
        return nextMessageId++;
    }

    @Override
    public int sendText(long chatId, String text, Keyboard keyboard) {
        return record(new Sent("sendMessage", chatId, text, null, null, keyboard));
    }

    @Override
    public int sendTextWithCodes(long chatId, String text, List<String> monospace, Keyboard keyboard) {
        return record(new Sent("sendMessage", chatId, text, String.join("\n", monospace), null, keyboard));
    }

    @Override
    public void sendPhoto(long chatId, byte[] png, String fileName, String caption) {
        record(new Sent("sendPhoto", chatId, caption, null, png, null));
    }

    @Override
    public void editText(long chatId, int messageId, String text, Keyboard keyboard) {
        record(new Sent("editMessageText", chatId, text, null, null, keyboard));
    }

    @Override
    public void answerCallback(String callbackQueryId, String text) {}

    @Override
    public void sendStarsInvoice(
            long chatId, String title, String description, String payload, String label, int stars) {
        record(new Sent("sendInvoice", chatId, payload, null, null, null));
    }

    @Override
    public void answerPreCheckout(String queryId, boolean ok, String errorMessage) {
        record(new Sent("answerPreCheckoutQuery", 0, ok ? "ok" : errorMessage, null, null, null));
    }

    @Override
    public String createStarsSubscriptionLink(
            String title, String description, String payload, String label, int stars, int periodSeconds) {
        record(new Sent("createInvoiceLink", 0, payload, null, null, null));
        return "https://t.me/$recorded-" + payload;
    }

    @Override
    public String createStarsInvoiceLink(String title, String description, String payload, String label, int stars) {
        record(new Sent("createInvoiceLink", 0, payload, null, null, null));
        return "https://t.me/$recorded-" + payload;
    }

    @Override
    public void editStarSubscription(long userId, String telegramChargeId, boolean cancelled) {
        record(new Sent(
                "editUserStarSubscription",
                userId,
                telegramChargeId + (cancelled ? ":cancel" : ":resume"),
                null,
                null,
                null));
    }

    @Override
    public void refundStarPayment(long userId, String telegramChargeId) {
        record(new Sent("refundStarPayment", userId, telegramChargeId, null, null, null));
    }

    @Override
    public void setWebhook(String url, String secretToken) {}

    @Override
    public void deleteWebhook() {}

    @Override
    public List<org.telegram.telegrambots.meta.api.objects.Update> getUpdates(
            long offset, int limit, int timeoutSeconds) {
        return List.of();
    }

    @Override
    public List<com.atlassecure.bot.telegram.StarTransaction> starTransactions(int offset, int limit) {
        return List.of();
    }
}
