package com.atlassecure.bot.conversations;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.AutoRenew;
import com.atlassecure.bot.payments.StarSubscription;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * "My subscription": whether the customer's monthly Stars subscription renews, until when, and cancel or resume,
 * done through Telegram first. Edits the menu message in place.
 */
final class SubscriptionScreen {
    private final AutoRenew autoRenew;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Menus menus;
    private final Clock clock;

    SubscriptionScreen(AutoRenew autoRenew, TelegramGateway telegram, Messages messages, Menus menus, Clock clock) {
        this.autoRenew = autoRenew;
        this.telegram = telegram;
        this.messages = messages;
        this.menus = menus;
        this.clock = clock;
    }

    /** The line /start shows for a subscriber; empty for a customer without a running subscription. */
    Optional<String> statusLine(long userId, Language lang) {
        Instant now = clock.instant();
        return autoRenew.find(userId).flatMap(s -> {
            if (s.renewsAt(now)) {
                return Optional.of(messages.get(lang, "subscription.renews", "date", s.expiresAt()));
            }
            if (s.cancelledWithTimeLeft(now)) {
                return Optional.of(messages.get(lang, "subscription.cancelled", "date", s.expiresAt()));
            }
            return Optional.empty();
        });
    }

    /** Whether the menu offers "My subscription". */
    boolean offered(long userId) {
        return autoRenew.find(userId).isPresent();
    }

    void show(long userId, Language lang, int messageId) {
        render(userId, lang, messageId, null);
    }

    void cancel(long userId, Language lang, int messageId) {
        change(userId, lang, messageId, autoRenew.cancel(userId), "subscription.cancel_done");
    }

    void resume(long userId, Language lang, int messageId) {
        change(userId, lang, messageId, autoRenew.resume(userId), "subscription.resume_done");
    }

    private void change(long userId, Language lang, int messageId, AutoRenew.Change change, String doneKey) {
        String head = switch (change) {
            case DONE -> doneKey;
            case REFUSED -> "subscription.refused";
            case ALREADY, NONE -> null;
        };
        render(userId, lang, messageId, head);
    }

    private void render(long userId, Language lang, int messageId, String headKey) {
        Instant now = clock.instant();
        Optional<StarSubscription> sub = autoRenew.find(userId);
        String body =
                sub.flatMap(s -> statusLine(userId, lang)).orElseGet(() -> messages.get(lang, "subscription.ended"));
        String head = headKey == null
                ? null
                : messages.get(
                        lang,
                        headKey,
                        "date",
                        sub.map(StarSubscription::expiresAt).orElse(now));
        String text = head == null ? body : head + "\n\n" + body;
        boolean renews = sub.map(s -> s.renewsAt(now)).orElse(false);
        boolean resumable = sub.map(s -> s.cancelledWithTimeLeft(now)).orElse(false);
        telegram.editText(userId, messageId, text, menus.subscription(lang, renews, resumable));
    }
}
