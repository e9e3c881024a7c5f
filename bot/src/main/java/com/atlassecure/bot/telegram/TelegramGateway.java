package com.atlassecure.bot.telegram;

/**
 * The Bot API calls the bot makes, in the bot's own terms. Texts are plain (no parse mode), so nothing a customer
 * typed can change formatting; the key is marked monospace with an entity instead. Every method throws {@link
 * TelegramCallException} when Telegram refuses the call.
 */
public interface TelegramGateway {
    /** Sends a message; returns its message id. */
    int sendText(long chatId, String text, Keyboard keyboard);

    /** Sends a message whose {@code monospace} substring is shown as a copyable code block. */
    default int sendTextWithCode(long chatId, String text, String monospace, Keyboard keyboard) {
        return sendTextWithCodes(chatId, text, java.util.List.of(monospace), keyboard);
    }

    /** Sends a message in which each of the {@code monospace} substrings is its own copyable code block. */
    int sendTextWithCodes(long chatId, String text, java.util.List<String> monospace, Keyboard keyboard);

    void sendPhoto(long chatId, byte[] png, String fileName, String caption);

    /** Replaces the text and keyboard of a message the bot sent (menus are edited in place). */
    void editText(long chatId, int messageId, String text, Keyboard keyboard);

    void answerCallback(String callbackQueryId, String text);

    /** A Telegram Stars invoice: currency XTR, empty provider token, the payload is our order id. */
    void sendStarsInvoice(long chatId, String title, String description, String payload, String label, int stars);

    void answerPreCheckout(String queryId, boolean ok, String errorMessage);

    /**
     * An invoice link for a Telegram Stars subscription (XTR, renewed by Telegram every {@code periodSeconds} until
     * cancelled); the payload is our order id. Returns the link the customer opens.
     */
    String createStarsSubscriptionLink(
            String title, String description, String payload, String label, int stars, int periodSeconds);

    /** An invoice link for a one-off Telegram Stars payment (XTR); the payload is our order id. */
    String createStarsInvoiceLink(String title, String description, String payload, String label, int stars);

    /** Cancels ({@code cancelled}) or resumes the customer's Stars subscription named by its first charge id. */
    void editStarSubscription(long userId, String telegramChargeId, boolean cancelled);

    void refundStarPayment(long userId, String telegramChargeId);

    void setWebhook(String url, String secretToken);

    void deleteWebhook();

    /**
     * Long polling: the updates after {@code offset - 1}, waiting up to {@code timeoutSeconds} for one. Calling it
     * with an offset confirms every update before that offset to Telegram, which then never sends them again.
     */
    java.util.List<org.telegram.telegrambots.meta.api.objects.Update> getUpdates(
            long offset, int limit, int timeoutSeconds);

    /** The bot's Stars transactions in Telegram's (chronological) order, {@code limit} from {@code offset}. */
    java.util.List<StarTransaction> starTransactions(int offset, int limit);
}
