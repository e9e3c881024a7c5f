package com.atlassecure.bot.keys;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.contract.validation.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a customer their key: the stored link exactly as the API returned it in a copyable monospace block, the
 * expiry, setup steps for the common apps, and a QR code of the same link. With several nodes each node's link is its
 * own block, named by the node and its country, with its own QR code. A 429 is waited out as Telegram asks.
 */
public final class KeyDelivery {
    private static final Logger log = LoggerFactory.getLogger(KeyDelivery.class);

    private final TelegramGateway telegram;
    private final Messages messages;
    /** Waits out Telegram's retry_after; tests record the waits instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final int MAX_ATTEMPTS = 4;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final Clock clock;
    private final Sleeper sleeper;

    public KeyDelivery(TelegramGateway telegram, Messages messages, Clock clock) {
        this(telegram, messages, clock, d -> Thread.sleep(d.toMillis()));
    }

    public KeyDelivery(TelegramGateway telegram, Messages messages, Clock clock, Sleeper sleeper) {
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Telegram's flood control (429) names how long to wait; the key is worth waiting for, within reason. Other
     * failures, and waits longer than {@link #MAX_RETRY_AFTER}, are the caller's.
     */
    private void withFloodRetry(java.util.function.IntSupplier call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.getAsInt();
                return;
            } catch (TelegramCallException e) {
                Integer wait = e.retryAfterSeconds();
                if (wait == null || attempt >= MAX_ATTEMPTS || wait > MAX_RETRY_AFTER.toSeconds()) {
                    throw e;
                }
                log.info("event=key_delivery_throttled retry_after_s={} attempt={}", wait, attempt);
                try {
                    sleeper.sleep(Duration.ofSeconds(Math.max(1, wait)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public void deliver(long chatId, Language language, Subscription subscription, Keyboard keyboard) {
        if (!subscription.hasKey()) {
            throw new IllegalStateException("subscription of user " + subscription.userId() + " has no key yet");
        }
        Instant now = clock.instant();
        long daysLeft =
                Math.max(0, Duration.between(now, subscription.expiresAt()).toDays());
        List<NodeKey> keys = subscription.keys();
        List<String> links = keys.stream().map(NodeKey::vlessLink).toList();
        String shown = keys.size() == 1
                ? links.get(0)
                : keys.stream().map(k -> k.node() + "\n" + k.vlessLink()).collect(Collectors.joining("\n\n"));
        String text = messages.get(
                language, "key.message", "link", shown, "date", subscription.expiresAt(), "days", daysLeft);
        withFloodRetry(() -> telegram.sendTextWithCodes(chatId, text, links, keyboard));
        for (NodeKey key : keys) {
            byte[] qr = QrCodes.png(key.vlessLink());
            String caption = keys.size() == 1
                    ? messages.get(language, "key.qr_caption")
                    : key.node() + ": " + messages.get(language, "key.qr_caption");
            withFloodRetry(() -> {
                telegram.sendPhoto(chatId, qr, "atlas-key.png", caption);
                return 0;
            });
        }
        log.info("event=key_delivered user={} uuid={}", subscription.userId(), Uuids.shortForm(subscription.uuid()));
    }
}
