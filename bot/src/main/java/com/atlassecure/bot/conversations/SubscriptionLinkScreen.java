package com.atlassecure.bot.conversations;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.Keyboard.Button;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.web.SubscriptionLinks;
import java.util.List;
import java.util.Optional;

/**
 * The chat's side of the subscription URL: after "My key", the URL to copy with a button that opens its page (as a
 * Mini App when the URL is https), and "Reset my link", which asks once and then revokes the URL and the key.
 */
final class SubscriptionLinkScreen {
    static final String RESET = "link:reset";
    static final String RESET_CONFIRMED = "link:reset:yes";

    private final SubscriptionLinks links;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Menus menus;

    SubscriptionLinkScreen(SubscriptionLinks links, TelegramGateway telegram, Messages messages, Menus menus) {
        this.links = links;
        this.telegram = telegram;
        this.messages = messages;
        this.menus = menus;
    }

    /** Sends the customer's subscription URL; nothing when the bot serves none. */
    void show(long userId, Language lang) {
        Optional<String> url = links.urlFor(userId);
        if (url.isPresent()) {
            telegram.sendTextWithCodes(
                    userId,
                    messages.get(lang, "key.subscription", "url", url.get()),
                    List.of(url.get()),
                    keyboard(lang, url.get(), true));
        }
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
        Optional<String> url = links.reset(userId);
        if (url.isEmpty()) {
            telegram.editText(userId, messageId, messages.get(lang, "reset.no_subscription"), menus.backOnly(lang));
            return;
        }
        telegram.editText(
                userId,
                messageId,
                messages.get(lang, "reset.done", "url", url.get()),
                keyboard(lang, url.get(), false));
    }

    private Keyboard keyboard(Language lang, String url, boolean offerReset) {
        String label = messages.get(lang, "button.subscription_page");
        Keyboard.Builder kb = Keyboard.builder()
                .row(
                        links.miniApp()
                                ? Button.miniApp(label, SubscriptionLinks.miniAppUrl(url))
                                : Button.link(label, url));
        if (offerReset) {
            kb.row(new Button(messages.get(lang, "button.reset_link"), RESET));
        }
        return kb.build();
    }
}
