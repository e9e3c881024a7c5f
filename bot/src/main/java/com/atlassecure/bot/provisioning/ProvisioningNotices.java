package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.keys.KeyDelivery;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provisioning worker tells people, each in their own language: the customer gets their key or, once, "it is
 * on its way"; the admins get one alert for a job that keeps failing. A message that cannot be sent never fails the
 * job: the key is stored, and the customer can always fetch it with "My key".
 */
public final class ProvisioningNotices {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningNotices.class);

    private final Database db;
    private final CustomerRepository customers;
    private final KeyDelivery keys;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Set<Long> adminIds;
    private final Function<Language, Keyboard> afterKeyKeyboard;
    private final BiConsumer<Long, Language> afterKey;

    public ProvisioningNotices(
            Database db,
            CustomerRepository customers,
            KeyDelivery keys,
            TelegramGateway telegram,
            Messages messages,
            Set<Long> adminIds,
            Function<Language, Keyboard> afterKeyKeyboard) {
        this(db, customers, keys, telegram, messages, adminIds, afterKeyKeyboard, (user, language) -> {});
    }

    /** As above; {@code afterKey} runs after each delivered key (the bot sends the subscription URL there). */
    public ProvisioningNotices(
            Database db,
            CustomerRepository customers,
            KeyDelivery keys,
            TelegramGateway telegram,
            Messages messages,
            Set<Long> adminIds,
            Function<Language, Keyboard> afterKeyKeyboard,
            BiConsumer<Long, Language> afterKey) {
        this.afterKey = afterKey;
        this.db = db;
        this.customers = customers;
        this.keys = keys;
        this.telegram = telegram;
        this.messages = messages;
        this.adminIds = Set.copyOf(adminIds);
        this.afterKeyKeyboard = afterKeyKeyboard;
    }

    void deliverKey(long userId, Subscription sub) {
        try {
            Language language = language(userId);
            keys.deliver(userId, language, sub, afterKeyKeyboard.apply(language));
            afterKey.accept(userId, language);
        } catch (RuntimeException e) {
            log.warn("event=key_delivery_failed user={} error=\"{}\"", userId, e.getMessage());
        }
    }

    /** Sends the job's delay notice (a message key); returns whether it reached the customer. */
    boolean tellDelayed(long userId, String noticeKey) {
        return sendQuietly(userId, messages.get(language(userId), noticeKey));
    }

    void alertAdmins(long userId, String node, int attempts, String error) {
        for (long admin : adminIds) {
            sendQuietly(
                    admin,
                    messages.get(
                            language(admin),
                            "admin.alert_provisioning",
                            "id",
                            Long.toString(userId),
                            "node",
                            node,
                            "attempts",
                            attempts,
                            "error",
                            error));
        }
    }

    private Language language(long userId) {
        return db.withHandle(h -> customers.language(h, userId));
    }

    private boolean sendQuietly(long chatId, String text) {
        try {
            telegram.sendText(chatId, text, Keyboard.NONE);
            return true;
        } catch (RuntimeException e) {
            log.warn("event=notice_failed chat={} error=\"{}\"", chatId, e.getMessage());
            return false;
        }
    }
}
