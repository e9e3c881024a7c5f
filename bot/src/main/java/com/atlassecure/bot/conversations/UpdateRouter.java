package com.atlassecure.bot.conversations;

import com.atlassecure.bot.admin.AdminCommands;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.payments.Refunds;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.storage.DatabaseRetry;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.payments.PreCheckoutQuery;
import org.telegram.telegrambots.meta.api.objects.payments.RefundedPayment;
import org.telegram.telegrambots.meta.api.objects.payments.SuccessfulPayment;

/**
 * Turns one Telegram update into one action: payments first (they carry money), then commands and buttons. Only
 * private chats are served. The user's language and names are refreshed from every update. Money updates retry
 * database refusals within a budget and throw when it is spent, so the update is not confirmed to Telegram.
 */
public final class UpdateRouter implements Consumer<Update> {
    private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);
    private static final Duration PRE_CHECKOUT_BUDGET = Duration.ofSeconds(7);
    private final Database db;
    private final CustomerRepository customers;
    private final CustomerConversation conversation;
    private final PaymentService payments;
    private final Refunds refunds;
    private final AdminCommands admin;
    private final Set<Long> adminIds;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Clock clock;
    private final Duration moneyBudget;
    private final UserThrottle throttle;

    public UpdateRouter(
            Database db,
            CustomerRepository customers,
            CustomerConversation conversation,
            Payments payments,
            AdminCommands admin,
            Set<Long> adminIds,
            TelegramGateway telegram,
            Messages messages,
            Clock clock,
            Duration moneyBudget,
            UserThrottle throttle) {
        this.db = db;
        this.customers = customers;
        this.conversation = conversation;
        this.payments = payments.purchases();
        this.refunds = payments.refunds();
        this.admin = admin;
        this.adminIds = Set.copyOf(adminIds);
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
        this.moneyBudget = moneyBudget;
        this.throttle = throttle;
    }

    /**
     * Whether the update carries money (a pre-checkout query, a successful or a refunded payment). Such an update is
     * confirmed to Telegram only after its handler committed; the others may be confirmed as soon as they are queued.
     */
    public static boolean carriesMoney(Update update) {
        if (update.hasPreCheckoutQuery()) {
            return true;
        }
        Message m = update.getMessage();
        return m != null && (m.hasSuccessfulPayment() || m.getRefundedPayment() != null);
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
        if (!carriesMoney(update) && !throttle.allowMessage(userOf(update))) {
            // Flooding gets no answer at all: an answer per message is what a flood would want from us.
            log.info("event=user_throttled user={} update_id={}", userOf(update), update.getUpdateId());
            if (update.hasCallbackQuery()) {
                notifyQuietly(
                        () -> telegram.answerCallback(update.getCallbackQuery().getId(), null));
            }
            return;
        }
        if (update.hasPreCheckoutQuery()) {
            PreCheckoutQuery q = update.getPreCheckoutQuery();
            Language lang = Language.fromTelegram(q.getFrom().getLanguageCode());
            // Telegram cancels the payment when no answer comes within 10 s, so the retries stop well before that.
            Duration budget = moneyBudget.compareTo(PRE_CHECKOUT_BUDGET) < 0 ? moneyBudget : PRE_CHECKOUT_BUDGET;
            try {
                DatabaseRetry.retry("pre_checkout", budget, () -> {
                    payments.answerPreCheckout(
                            q.getId(),
                            q.getFrom().getId(),
                            lang,
                            q.getInvoicePayload(),
                            q.getTotalAmount(),
                            q.getCurrency());
                    return null;
                });
            } catch (TelegramCallException e) {
                // Telegram refused the answer (too late, already answered): no money moved, nothing to retry.
                log.warn("event=pre_checkout_answer_refused query={} error=\"{}\"", q.getId(), e.getMessage());
            }
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
        if (message.hasSuccessfulPayment() || message.getRefundedPayment() != null) {
            // Money first: a failure to refresh the user's name must not stand between us and the payment row.
            Language lang = Language.fromTelegram(from.getLanguageCode());
            try {
                remember(from);
            } catch (RuntimeException e) {
                log.warn("event=remember_failed user={} error=\"{}\"", from.getId(), e.getMessage());
            }
            if (message.hasSuccessfulPayment()) {
                successfulPayment(from.getId(), lang, message.getSuccessfulPayment());
            } else {
                refundedPayment(from.getId(), message.getRefundedPayment());
            }
            return;
        }
        Language lang = remember(from);
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

    /** How Telegram marked a payment of a Stars subscription; null for a one-off payment. */
    private static PaymentService.Recurring recurring(SuccessfulPayment payment) {
        if (!Boolean.TRUE.equals(payment.getIsRecurring())) {
            return null;
        }
        return new PaymentService.Recurring(
                Boolean.TRUE.equals(payment.getIsFirstRecurring()),
                payment.getSubscriptionExpirationDate() == null
                        ? null
                        : java.time.Instant.ofEpochSecond(payment.getSubscriptionExpirationDate()));
    }

    private void successfulPayment(long userId, Language lang, SuccessfulPayment payment) {
        // Retried with backoff: the update is confirmed to Telegram only once this returns (design principle 8).
        PaymentService.Outcome outcome = DatabaseRetry.retry(
                "record_payment",
                moneyBudget,
                () -> payments.recordPayment(
                        userId,
                        payment.getInvoicePayload(),
                        payment.getTotalAmount(),
                        payment.getCurrency(),
                        payment.getTelegramPaymentChargeId(),
                        payment.getProviderPaymentChargeId(),
                        recurring(payment)));
        if (outcome instanceof PaymentService.Outcome.Recorded recorded) {
            try {
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
            } catch (RuntimeException e) {
                // The payment is committed; a lost thank-you must not make Telegram send it again.
                log.warn("event=payment_notice_failed user={} error=\"{}\"", userId, e.getMessage());
            }
        } else if (outcome instanceof PaymentService.Outcome.Flagged flagged) {
            // Recorded for the admins to resolve (/grant or /refund); never silently provisioned.
            notifyQuietly(userId, messages.get(lang, "payment.review", "stars", flagged.stars()));
            for (long admin : adminIds) {
                notifyQuietly(
                        admin,
                        messages.get(
                                Language.EN,
                                "admin.payment_flagged",
                                "charge",
                                payment.getTelegramPaymentChargeId(),
                                "stars",
                                flagged.stars(),
                                "id",
                                Long.toString(userId),
                                "problem",
                                flagged.problem()));
            }
        }
    }

    private void notifyQuietly(long chatId, String text) {
        notifyQuietly(() -> telegram.sendText(chatId, text, Keyboard.NONE));
    }

    private static void notifyQuietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("event=notice_failed error=\"{}\"", e.getMessage());
        }
    }

    /** Telegram says a payment was refunded: mark it and shorten the access, as an admin /refund would. */
    private void refundedPayment(long userId, RefundedPayment refund) {
        Refunds.Outcome outcome = DatabaseRetry.retry(
                "record_refund", moneyBudget, () -> refunds.recordRefunded(refund.getTelegramPaymentChargeId()));
        log.info(
                "event=refunded_payment_seen user={} charge={} outcome={}",
                userId,
                refund.getTelegramPaymentChargeId(),
                outcome.getClass().getSimpleName());
    }

    private Language remember(User from) {
        Language lang = Language.fromTelegram(from.getLanguageCode());
        db.useTransaction(
                h -> customers.upsert(h, from.getId(), lang, from.getFirstName(), from.getUserName(), clock.instant()));
        return lang;
    }
}
