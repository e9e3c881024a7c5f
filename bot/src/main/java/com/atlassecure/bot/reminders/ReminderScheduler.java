package com.atlassecure.bot.reminders;

import com.atlassecure.bot.config.DatabaseSettings.Dialect;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.AutoRenew;
import com.atlassecure.bot.payments.StarSubscription;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminds customers 3 days and 1 day before their access ends, and tells them when it has ended, with a Renew
 * button. Each reminder is claimed by inserting (user, kind, expiry) under a primary key before it is sent, so it
 * goes out once even with several replicas; a renewal moves the expiry and so re-arms them. On PostgreSQL a
 * transaction-scoped advisory lock also keeps two replicas from scanning at the same time. Time comes from the
 * injected clock.
 */
public final class ReminderScheduler {
    /** Reminder kinds, with how long before expiry they fire. */
    public enum Kind {
        D3(Duration.ofDays(3)),
        D1(Duration.ofDays(1)),
        EXPIRED(Duration.ZERO);

        private final Duration before;

        Kind(Duration before) {
            this.before = before;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);
    private static final long ADVISORY_LOCK_KEY = 0x41544c4153_01L;
    /** Expiry notices are not sent for access that ended longer ago than this (e.g. after a long outage). */
    private static final Duration EXPIRED_LOOKBACK = Duration.ofDays(2);

    private record Due(Subscription subscription, Kind kind) {}

    private final Database db;
    private final SubscriptionRepository subscriptions;
    private final CustomerRepository customers;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Menus menus;
    private final Clock clock;
    private final AutoRenew autoRenew;

    public ReminderScheduler(
            Database db,
            SubscriptionRepository subscriptions,
            CustomerRepository customers,
            TelegramGateway telegram,
            Messages messages,
            Menus menus,
            Clock clock,
            AutoRenew autoRenew) {
        this.autoRenew = autoRenew;
        this.db = db;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.telegram = telegram;
        this.messages = messages;
        this.menus = menus;
        this.clock = clock;
    }

    /** Claims and sends everything due now; returns how many reminders were sent. */
    public int runOnce() {
        Instant now = clock.instant();
        List<Due> due = db.inTransaction(h -> claim(h, now));
        int sent = 0;
        for (Due d : due) {
            if (send(d.subscription().userId(), d.kind(), reminderText(d), now)) {
                sent++;
            }
        }
        for (StarSubscription lapsed : autoRenew.claimLapsed()) {
            Language lang = db.withHandle(h -> customers.language(h, lapsed.userId()));
            if (send(lapsed.userId(), "subscription_lapsed", messages.get(lang, "subscription.lapsed"), now)) {
                sent++;
            }
        }
        return sent;
    }

    private List<Due> claim(Handle h, Instant now) {
        if (db.dialect() == Dialect.POSTGRESQL) {
            boolean locked = h.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
                    .bind("key", ADVISORY_LOCK_KEY)
                    .mapTo(Boolean.class)
                    .one();
            if (!locked) {
                return List.of();
            }
        }
        List<Due> due = new ArrayList<>();
        for (Subscription s : subscriptions.expiringBetween(h, now, now.plus(Kind.D3.before))) {
            if (autoRenew.renewsAutomatically(h, s.userId())) {
                continue; // Telegram renews it: no need to nag
            }
            // Only the nearest warning: a customer inside the last day hears "1 day", not both.
            Kind kind = s.expiresAt().isAfter(now.plus(Kind.D1.before)) ? Kind.D3 : Kind.D1;
            if (claimOne(h, s, kind, now)) {
                due.add(new Due(s, kind));
            }
        }
        for (Subscription s : subscriptions.expiringBetween(h, now.minus(EXPIRED_LOOKBACK), now)) {
            if (autoRenew.renewsAutomatically(h, s.userId())) {
                continue; // a renewal that did not come is told as a lapse, below
            }
            if (claimOne(h, s, Kind.EXPIRED, now)) {
                due.add(new Due(s, Kind.EXPIRED));
            }
        }
        return due;
    }

    private static boolean claimOne(Handle h, Subscription s, Kind kind, Instant now) {
        return h.createUpdate("INSERT INTO reminders_sent (user_id, kind, expires_at, sent_at) VALUES (:user, :kind,"
                                + " :expires, :now) ON CONFLICT DO NOTHING")
                        .bind("user", s.userId())
                        .bind("kind", kind.name())
                        .bind("expires", s.expiresAt().toEpochMilli())
                        .bind("now", now.toEpochMilli())
                        .execute()
                == 1;
    }

    private String reminderText(Due due) {
        Language lang =
                db.withHandle(h -> customers.language(h, due.subscription().userId()));
        return due.kind() == Kind.EXPIRED
                ? messages.get(lang, "reminder.expired")
                : messages.get(
                        lang,
                        "reminder.soon",
                        "days",
                        due.kind() == Kind.D3 ? 3 : 1,
                        "date",
                        due.subscription().expiresAt());
    }

    private boolean send(long userId, Object kind, String text, Instant now) {
        Language lang = db.withHandle(h -> customers.language(h, userId));
        Keyboard keyboard = menus.renew(lang);
        try {
            telegram.sendText(userId, text, keyboard);
            log.info("event=reminder_sent user={} kind={}", userId, kind);
            return true;
        } catch (TelegramCallException e) {
            if (e.blocked()) {
                db.useTransaction(h -> customers.markBlocked(h, userId, now));
            }
            log.info("event=reminder_failed user={} kind={} error=\"{}\"", userId, kind, e.getMessage());
            return false;
        }
    }
}
