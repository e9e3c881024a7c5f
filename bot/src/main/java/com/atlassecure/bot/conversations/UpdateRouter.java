package com.atlassecure.bot.conversations;

import com.atlassecure.bot.admin.AdminCommands;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.payments.PreCheckoutQuery;
import org.telegram.telegrambots.meta.api.objects.payments.SuccessfulPayment;

/**
 * Turns one Telegram update into one action: payments first (they carry money), then commands and buttons. Only
 * private chats are served. The user's language and names are refreshed from every update.
 */
public final class UpdateRouter implements Consumer<Update> {
    private final Database db;
    private final CustomerRepository customers;
    private final CustomerConversation conversation;
    private final PaymentService payments;
    private final AdminCommands admin;
    private final Set<Long> adminIds;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Runnable provisioningEnqueued;
    private final Clock clock;

    public UpdateRouter(
            Database db,
            CustomerRepository customers,
            CustomerConversation conversation,
            PaymentService payments,
            AdminCommands admin,
            Set<Long> adminIds,
            TelegramGateway telegram,
            Messages messages,
            Runnable provisioningEnqueued,
            Clock clock) {
        this.db = db;
        this.customers = customers;
        this.conversation = conversation;
        this.payments = payments;
        this.admin = admin;
        this.adminIds = Set.copyOf(adminIds);
        this.telegram = telegram;
        this.messages = messages;
        this.provisioningEnqueued = provisioningEnqueued;
        this.clock = clock;
    }

    /** The user an update belongs to, which is what keeps a user's updates in order; 0 when none. */
    public static long userOf(Update update) {
        User from = null;
        if (update.hasMessage()) {
            from = update.getMessage().getFrom();
        } else if (update.hasCallbackQuery()) {
            from = update.getCallbackQuery().getFrom();
        } else if (update.hasPreCheckoutQuery()) {
            from = update.getPreCheckoutQuery().getFrom();
        }
        return from == null ? 0 : from.getId();
    }

    @Override
    public void accept(Update update) {
        if (update.hasPreCheckoutQuery()) {
            PreCheckoutQuery q = update.getPreCheckoutQuery();
            Language lang = Language.fromTelegram(q.getFrom().getLanguageCode());
            payments.answerPreCheckout(
                    q.getId(), q.getFrom().getId(), lang, q.getInvoicePayload(), q.getTotalAmount(), q.getCurrency());
        } else if (update.hasMessage()) {
            message(update.getMessage());
        } else if (update.hasCallbackQuery()) {
            callback(update.getCallbackQuery());
        }
    }

    private void message(Message message) {
        if (message.getFrom() == null
                || message.getChat() == null
                || !message.getChat().isUserChat()) {
            return;
        }
        User from = message.getFrom();
        Language lang = remember(from);
        if (message.hasSuccessfulPayment()) {
            successfulPayment(from.getId(), lang, message.getSuccessfulPayment());
            return;
        }
        if (!message.hasText()) {
            return;
        }
        String text = message.getText().strip();
        if (!text.startsWith("/")) {
            conversation.command(from.getId(), lang, "/start");
            return;
        }
        int space = text.indexOf(' ');
        String command = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        int at = command.indexOf('@');
        if (at > 0) {
            command = command.substring(0, at);
        }
        String args = space < 0 ? "" : text.substring(space + 1);
        if (AdminCommands.isAdminCommand(command) && adminIds.contains(from.getId())) {
            admin.handle(from.getId(), lang, command, args);
        } else if (command.equals("/start")) {
            conversation.start(from.getId(), lang, args.isBlank() ? null : args.strip());
        } else {
            conversation.command(from.getId(), lang, command);
        }
    }

    private void callback(CallbackQuery query) {
        Language lang = remember(query.getFrom());
        int messageId = query.getMessage() == null ? 0 : query.getMessage().getMessageId();
        String data = query.getData() == null ? Menus.HOME : query.getData();
        conversation.button(query.getFrom().getId(), lang, query.getId(), messageId, data);
    }

    private void successfulPayment(long userId, Language lang, SuccessfulPayment payment) {
        PaymentService.Outcome outcome = payments.recordPayment(
                userId,
                payment.getInvoicePayload(),
                payment.getTotalAmount(),
                payment.getCurrency(),
                payment.getTelegramPaymentChargeId(),
                payment.getProviderPaymentChargeId());
        if (outcome instanceof PaymentService.Outcome.Recorded recorded) {
            telegram.sendText(
                    userId,
                    messages.get(
                            lang,
                            "payment.received",
                            "stars",
                            recorded.stars(),
                            "date",
                            recorded.subscription().expiresAt()),
                    Keyboard.NONE);
            provisioningEnqueued.run();
        }
    }

    private Language remember(User from) {
        Language lang = Language.fromTelegram(from.getLanguageCode());
        db.useTransaction(
                h -> customers.upsert(h, from.getId(), lang, from.getFirstName(), from.getUserName(), clock.instant()));
        return lang;
    }
}
