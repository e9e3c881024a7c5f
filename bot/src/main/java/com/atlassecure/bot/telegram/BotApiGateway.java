package com.atlassecure.bot.telegram;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.AnswerPreCheckoutQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.invoices.CreateInvoiceLink;
import org.telegram.telegrambots.meta.api.methods.invoices.SendInvoice;
import org.telegram.telegrambots.meta.api.methods.payments.RefundStarPayment;
import org.telegram.telegrambots.meta.api.methods.payments.star.EditUserStarSubscription;
import org.telegram.telegrambots.meta.api.methods.payments.star.GetStarTransactions;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.payments.LabeledPrice;
import org.telegram.telegrambots.meta.api.objects.payments.star.StarTransactions;
import org.telegram.telegrambots.meta.api.objects.payments.transactionpartner.TransactionPartnerUser;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.webapp.WebAppInfo;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** {@link TelegramGateway} over the telegrambots client (OkHttp). Thread-safe, as the client is. */
public final class BotApiGateway implements TelegramGateway {
    private final TelegramClient client;
    private final TelegramClient polling;

    public BotApiGateway(TelegramClient client) {
        this(client, client);
    }

    /** {@code polling} serves getUpdates only: its read timeout must outlast the long-poll timeout. */
    public BotApiGateway(TelegramClient client, TelegramClient polling) {
        this.client = client;
        this.polling = polling;
    }

    @Override
    public int sendText(long chatId, String text, Keyboard keyboard) {
        SendMessage.SendMessageBuilder<?, ?> message =
                SendMessage.builder().chatId(chatId).text(text).replyMarkup(markup(keyboard));
        return call("sendMessage", message.build()).getMessageId();
    }

    @Override
    public int sendTextWithCodes(long chatId, String text, List<String> monospace, Keyboard keyboard) {
        List<MessageEntity> codes = new java.util.ArrayList<>();
        int from = 0;
        for (String part : monospace) {
            int offset = text.indexOf(part, from);
            if (offset < 0) {
                throw new IllegalArgumentException("a monospace part is not in the text, in order");
            }
            // Offsets are UTF-16 code units in the Bot API, which is exactly what String.indexOf counts.
            codes.add(MessageEntity.builder()
                    .type("pre")
                    .offset(offset)
                    .length(part.length())
                    .build());
            from = offset + part.length();
        }
        SendMessage message = SendMessage.builder()
                .chatId(chatId)
                .text(text)
                .entities(codes)
                .replyMarkup(markup(keyboard))
                .build();
        return call("sendMessage", message).getMessageId();
    }

    @Override
    public void sendPhoto(long chatId, byte[] png, String fileName, String caption) {
        SendPhoto photo = SendPhoto.builder()
                .chatId(chatId)
                .photo(new InputFile(new ByteArrayInputStream(png), fileName))
                .caption(caption)
                .build();
        try {
            client.execute(photo);
        } catch (TelegramApiException e) {
            throw translate("sendPhoto", e);
        }
    }

    @Override
    public void editText(long chatId, int messageId, String text, Keyboard keyboard) {
        call(
                "editMessageText",
                EditMessageText.builder()
                        .chatId(chatId)
                        .messageId(messageId)
                        .text(text)
                        .replyMarkup(markup(keyboard))
                        .build());
    }

    @Override
    public void answerCallback(String callbackQueryId, String text) {
        call(
                "answerCallbackQuery",
                AnswerCallbackQuery.builder()
                        .callbackQueryId(callbackQueryId)
                        .text(text)
                        .build());
    }

    @Override
    public void sendStarsInvoice(
            long chatId, String title, String description, String payload, String label, int stars) {
        call(
                "sendInvoice",
                SendInvoice.builder()
                        .chatId(chatId)
                        .title(title)
                        .description(description)
                        .payload(payload)
                        .providerToken("")
                        .currency("XTR")
                        .price(new LabeledPrice(label, stars))
                        .build());
    }

    @Override
    public void answerPreCheckout(String queryId, boolean ok, String errorMessage) {
        AnswerPreCheckoutQuery.AnswerPreCheckoutQueryBuilder<?, ?> answer =
                AnswerPreCheckoutQuery.builder().preCheckoutQueryId(queryId).ok(ok);
        if (!ok) {
            answer.errorMessage(errorMessage);
        }
        call("answerPreCheckoutQuery", answer.build());
    }

    @Override
    public String createStarsSubscriptionLink(
            String title, String description, String payload, String label, int stars, int periodSeconds) {
        return invoiceLink(title, description, payload, label, stars, periodSeconds);
    }

    @Override
    public String createStarsInvoiceLink(String title, String description, String payload, String label, int stars) {
        return invoiceLink(title, description, payload, label, stars, null);
    }

    /** createInvoiceLink in XTR; with {@code periodSeconds} Telegram renews it as a Stars subscription. */
    private String invoiceLink(
            String title, String description, String payload, String label, int stars, Integer periodSeconds) {
        return call(
                "createInvoiceLink",
                CreateInvoiceLink.builder()
                        .title(title)
                        .description(description)
                        .payload(payload)
                        .providerToken("")
                        .currency("XTR")
                        .price(new LabeledPrice(label, stars))
                        .subscriptionPeriod(periodSeconds)
                        .build());
    }

    @Override
    public void editStarSubscription(long userId, String telegramChargeId, boolean cancelled) {
        call(
                "editUserStarSubscription",
                EditUserStarSubscription.builder()
                        .userId(userId)
                        .telegramPaymentChargeId(telegramChargeId)
                        .isCanceled(cancelled)
                        .build());
    }

    @Override
    public void refundStarPayment(long userId, String telegramChargeId) {
        call(
                "refundStarPayment",
                RefundStarPayment.builder()
                        .userId(userId)
                        .telegramPaymentChargeId(telegramChargeId)
                        .build());
    }

    @Override
    public void setWebhook(String url, String secretToken) {
        try {
            client.execute(
                    SetWebhook.builder().url(url).secretToken(secretToken).build());
        } catch (TelegramApiException e) {
            throw translate("setWebhook", e);
        }
    }

    @Override
    public void deleteWebhook() {
        call("deleteWebhook", DeleteWebhook.builder().build());
    }

    @Override
    public List<Update> getUpdates(long offset, int limit, int timeoutSeconds) {
        try {
            return polling.execute(GetUpdates.builder()
                    .offset(Math.toIntExact(offset))
                    .limit(limit)
                    .timeout(timeoutSeconds)
                    .build());
        } catch (TelegramApiException e) {
            throw translate("getUpdates", e);
        }
    }

    @Override
    public List<StarTransaction> starTransactions(int offset, int limit) {
        StarTransactions page = call(
                "getStarTransactions",
                GetStarTransactions.builder().offset(offset).limit(limit).build());
        List<org.telegram.telegrambots.meta.api.objects.payments.star.StarTransaction> list =
                page.getTransactions() == null ? List.of() : page.getTransactions();
        return list.stream().map(BotApiGateway::ours).toList();
    }

    private static StarTransaction ours(org.telegram.telegrambots.meta.api.objects.payments.star.StarTransaction t) {
        int amount = t.getAmount() == null ? 0 : t.getAmount();
        if (t.getSource() instanceof TransactionPartnerUser user && user.getUser() != null) {
            return new StarTransaction(t.getId(), amount, true, user.getUser().getId(), user.getInvoicePayload());
        }
        if (t.getReceiver() instanceof TransactionPartnerUser user && user.getUser() != null) {
            // Money going back to a user: for this shop, a refund, whose id is the refunded charge's id.
            return new StarTransaction(t.getId(), amount, false, user.getUser().getId(), user.getInvoicePayload());
        }
        return new StarTransaction(t.getId(), amount, false, 0, null);
    }

    private <T extends Serializable> T call(String name, BotApiMethod<T> method) {
        try {
            return client.execute(method);
        } catch (TelegramApiException e) {
            throw translate(name, e);
        }
    }

    private static TelegramCallException translate(String method, TelegramApiException e) {
        if (e instanceof TelegramApiRequestException request && request.getErrorCode() != null) {
            Integer retryAfter = request.getParameters() == null
                    ? null
                    : request.getParameters().getRetryAfter();
            return new TelegramCallException(method, request.getErrorCode(), retryAfter, request.getApiResponse(), e);
        }
        return new TelegramCallException(method, 0, null, e.getClass().getSimpleName(), e);
    }

    private static InlineKeyboardMarkup markup(Keyboard keyboard) {
        if (keyboard == null || keyboard.rows().isEmpty()) {
            return null;
        }
        List<InlineKeyboardRow> rows = keyboard.rows().stream()
                .map(row -> new InlineKeyboardRow(row.stream()
                        .map(b -> b.webApp()
                                ? InlineKeyboardButton.builder()
                                        .text(b.text())
                                        .webApp(new WebAppInfo(b.url()))
                                        .build()
                                : b.url() != null
                                        ? InlineKeyboardButton.builder()
                                                .text(b.text())
                                                .url(b.url())
                                                .build()
                                        : InlineKeyboardButton.builder()
                                                .text(b.text())
                                                .callbackData(b.data())
                                                .build())
                        .toList()))
                .toList();
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }
}
