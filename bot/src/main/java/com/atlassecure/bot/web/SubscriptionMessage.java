package com.atlassecure.bot.web;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.Keyboard.Button;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat message that hands a customer their subscription URL: the URL to copy, a button that opens its page (as a
 * Mini App when the origin is https) and, where asked, "Reset my link". Sent after "My key" and after every key
 * delivery, so a customer who just paid imports the URL rather than one node's link.
 */
public final class SubscriptionMessage {
    /** The callback data of "Reset my link"; the chat asks once before resetting. */
    public static final String RESET = "link:reset";

    private static final Logger log = LoggerFactory.getLogger(SubscriptionMessage.class);

    private final SubscriptionLinks links;
    private final TelegramGateway telegram;
    private final Messages messages;

    public SubscriptionMessage(SubscriptionLinks links, TelegramGateway telegram, Messages messages) {
        this.links = links;
        this.telegram = telegram;
        this.messages = messages;
    }

    public SubscriptionLinks links() {
        return links;
    }

    /** Sends the customer's subscription URL; nothing when the bot serves none. */
    public void send(long userId, Language lang) {
        Optional<String> url = links.urlFor(userId);
        if (url.isPresent()) {
            telegram.sendTextWithCodes(
                    userId,
                    messages.get(lang, "key.subscription", "url", url.get()),
                    List.of(url.get()),
                    keyboard(lang, url.get(), true));
        }
    }

    /** As {@link #send}, for a caller that must not fail on Telegram (the provisioning worker). */
    public void sendQuietly(long userId, Language lang) {
        try {
            send(userId, lang);
        } catch (RuntimeException e) {
            log.warn("event=subscription_message_failed user={} error=\"{}\"", userId, e.getMessage());
        }
    }

    /** "Open my subscription page", and with {@code offerReset} "Reset my link". */
    public Keyboard keyboard(Language lang, String url, boolean offerReset) {
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
