package com.atlassecure.bot.conversations;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.Keyboard.Button;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.web.SubscriptionMessage;
import java.util.Optional;

/**
 * The chat's side of the subscription URL: after "My key", the URL with its page button; "Reset my link" asks once
 * and then revokes the URL and the key.
 */
final class SubscriptionLinkScreen {
    static final String RESET = SubscriptionMessage.RESET;
    static final String RESET_CONFIRMED = "link:reset:yes";

    private final SubscriptionMessage message;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Menus menus;

    SubscriptionLinkScreen(SubscriptionMessage message, TelegramGateway telegram, Messages messages, Menus menus) {
        this.message = message;
        this.telegram = telegram;
        this.messages = messages;
        this.menus = menus;
    }

    void show(long userId, Language lang) {
        message.send(userId, lang);
    }

    void askReset(long userId, Language lang, int messageId) {
        telegram.editText(
                userId,
                messageId,
                messages.get(lang, "reset.confirm"),
                Keyboard.builder()
                        .row(new Button(messages.get(lang, "reset.button_confirm"), RESET_CONFIRMED))
                        .row(new Button(messages.get(lang, "button.back"), Menus.HOME))
                        .build());
    }

    void reset(long userId, Language lang, int messageId) {
        Optional<String> url = message.links().reset(userId);
        if (url.isEmpty()) {
            telegram.editText(userId, messageId, messages.get(lang, "reset.no_subscription"), menus.backOnly(lang));
            return;
        }
        telegram.editText(
                userId,
                messageId,
                messages.get(lang, "reset.done", "url", url.get()),
                message.keyboard(lang, url.get(), false));
    }
}
