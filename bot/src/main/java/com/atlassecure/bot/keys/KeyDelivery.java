package com.atlassecure.bot.keys;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a customer their key: the stored link exactly as the API returned it in a copyable monospace block, the
 * expiry, setup steps for the common apps, and a QR code of the same link.
 */
public final class KeyDelivery {
    private static final Logger log = LoggerFactory.getLogger(KeyDelivery.class);

    private final TelegramGateway telegram;
    private final Messages messages;
    private final Clock clock;

    public KeyDelivery(TelegramGateway telegram, Messages messages, Clock clock) {
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
    }

    public void deliver(long chatId, Language language, Subscription subscription, Keyboard keyboard) {
        if (!subscription.hasKey()) {
            throw new IllegalStateException("subscription of user " + subscription.userId() + " has no key yet");
        }
        Instant now = clock.instant();
        long daysLeft =
                Math.max(0, Duration.between(now, subscription.expiresAt()).toDays());
        String link = subscription.vlessLink();
        String text =
                messages.get(language, "key.message", "link", link, "date", subscription.expiresAt(), "days", daysLeft);
        telegram.sendTextWithCode(chatId, text, link, keyboard);
        telegram.sendPhoto(chatId, QrCodes.png(link), "atlas-key.png", messages.get(language, "key.qr_caption"));
        log.info("event=key_delivered user={} uuid={}", subscription.userId(), Uuids.shortForm(subscription.uuid()));
    }
}
