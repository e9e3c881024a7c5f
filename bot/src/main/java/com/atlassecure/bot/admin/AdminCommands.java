package com.atlassecure.bot.admin;

import com.atlassecure.bot.admin.BroadcastRepository.Broadcast;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.devices.DeviceService;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.nodes.NodeStatus;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.payments.Refunds;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.web.SubscriptionLinks;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' commands, for ids in ADMIN_IDS only: /stats, /user, /grant, /revoke, /refund, /broadcast, and
 * /redeliver (every active customer's key again, after a server key rotation).
 */
public final class AdminCommands {
    private static final Logger log = LoggerFactory.getLogger(AdminCommands.class);

    private final Database db;
    private final CustomerRepository customers;
    private final SubscriptionRepository subscriptions;
    private final Provisioning provisioning;
    private final Payments payments;
    private final NodeStatus nodes;
    private final Broadcaster broadcaster;
    private final ExecutorService broadcastExecutor;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final String supportContact;
    private final Clock clock;
    private final UserReport userReport;
    private final SubscriptionLinks links;

    public AdminCommands(
            Database db,
            CustomerRepository customers,
            SubscriptionRepository subscriptions,
            Provisioning provisioning,
            Payments payments,
            NodeStatus nodes,
            Broadcaster broadcaster,
            ExecutorService broadcastExecutor,
            TelegramGateway telegram,
            Messages messages,
            String supportContact,
            Clock clock,
            DeviceService devices,
            SubscriptionLinks links) {
        this.db = db;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.provisioning = provisioning;
        this.payments = payments;
        this.nodes = nodes;
        this.broadcaster = broadcaster;
        this.broadcastExecutor = broadcastExecutor;
        this.telegram = telegram;
        this.messages = messages;
        this.supportContact = supportContact;
        this.clock = clock;
        this.links = links;
        this.userReport = new UserReport(db, customers, subscriptions, payments, devices, messages);
    }

    public static boolean isAdminCommand(String command) {
        return switch (command) {
            case "/admin",
                    "/stats",
                    "/nodes",
                    "/node",
                    "/user",
                    "/grant",
                    "/revoke",
                    "/refund",
                    "/broadcast",
                    "/redeliver",
                    "/resetlink" -> true;
            default -> false;
        };
    }

    /** Runs {@code command} with the rest of the message as {@code args}; the caller checked ADMIN_IDS. */
    public void handle(long adminId, Language lang, String command, String args) {
        String[] parts = args.isBlank() ? new String[0] : args.strip().split("\\s+");
        try {
            switch (command) {
                case "/stats" -> stats(adminId, lang);
                case "/nodes" -> reply(adminId, nodes.render(lang));
                case "/node" -> reply(adminId, nodes.command(lang, args));
                case "/user" -> user(adminId, lang, Long.parseLong(parts[0]));
                case "/grant" -> grant(adminId, lang, Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
                case "/revoke" -> revoke(adminId, lang, Long.parseLong(parts[0]));
                case "/refund" -> refund(adminId, lang, parts[0]);
                case "/broadcast" -> broadcast(adminId, lang, args.strip());
                case "/redeliver" -> redeliver(adminId, lang);
                case "/resetlink" -> resetLink(adminId, lang, Long.parseLong(parts[0]));
                default -> reply(adminId, messages.get(lang, "admin.usage"));
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            reply(adminId, messages.get(lang, "admin.usage"));
        }
    }

    private void stats(long adminId, Language lang) {
        Instant now = clock.instant();
        Instant midnight =
                now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        String text = db.withHandle(h -> messages.get(
                lang,
                "admin.stats",
                "users",
                customers.count(h),
                "active",
                subscriptions.countActive(h, now),
                "trials",
                customers.countTrials(h),
                "revenue",
                payments.revenueStars(h),
                "today",
                payments.countSince(h, midnight),
                "pending",
                provisioning.pending(h)));
        reply(adminId, text);
    }

    private void user(long adminId, Language lang, long userId) {
        reply(adminId, userReport.render(lang, userId));
    }

    private void grant(long adminId, Language lang, long userId, int days) {
        if (days < 1 || days > 3650) {
            reply(adminId, messages.get(lang, "admin.usage"));
            return;
        }
        Subscription sub = db.inTransaction(h -> {
            customers.ensure(h, userId, clock.instant());
            return provisioning.extend(h, userId, days, "key.pending", clock.instant());
        });
        log.info("event=admin_grant admin={} user={} days={}", adminId, userId, days);
        reply(
                adminId,
                messages.get(
                        lang, "admin.granted", "days", days, "id", Long.toString(userId), "date", sub.expiresAt()));
        Language userLang = db.withHandle(h -> customers.language(h, userId));
        notifyQuietly(userId, messages.get(userLang, "notice.granted", "days", days));
    }

    private void revoke(long adminId, Language lang, long userId) {
        db.useTransaction(h -> provisioning.revoke(h, userId, clock.instant()));
        log.info("event=admin_revoke admin={} user={}", adminId, userId);
        reply(adminId, messages.get(lang, "admin.revoked", "id", Long.toString(userId)));
        Language userLang = db.withHandle(h -> customers.language(h, userId));
        notifyQuietly(userId, messages.get(userLang, "notice.revoked", "contact", supportContact));
    }

    /** A leaked link reported to support: new URL and key for the customer, who is sent the new URL. */
    private void resetLink(long adminId, Language lang, long userId) {
        Optional<String> url = links.reset(userId);
        log.info("event=admin_reset_link admin={} user={} done={}", adminId, userId, url.isPresent());
        if (url.isEmpty()) {
            reply(adminId, messages.get(lang, "reset.no_subscription"));
            return;
        }
        reply(adminId, messages.get(lang, "admin.reset_done", "user", Long.toString(userId)));
        Language userLang = db.withHandle(h -> customers.language(h, userId));
        notifyQuietly(userId, messages.get(userLang, "reset.done", "url", url.get()));
    }

    private void refund(long adminId, Language lang, String chargeId) {
        Refunds.Outcome outcome;
        try {
            outcome = payments.refunds().refund(chargeId);
        } catch (RuntimeException e) {
            // The marker is committed: /refund again (or the reconciler) completes it once the database answers.
            log.error("event=refund_incomplete charge={} error=\"{}\"", chargeId, e.getMessage());
            reply(adminId, messages.get(lang, "admin.refund_incomplete", "charge", chargeId));
            return;
        }
        // Java 17: no pattern switch yet, so the sealed outcomes are matched with instanceof.
        if (outcome instanceof Refunds.Outcome.Refunded r) {
            String until = r.subscription() == null
                    ? "-"
                    : messages.date(lang, r.subscription().expiresAt());
            reply(
                    adminId,
                    messages.get(
                            lang,
                            "admin.refunded",
                            "stars",
                            r.payment().amountStars(),
                            "id",
                            Long.toString(r.payment().userId()),
                            "charge",
                            chargeId,
                            "date",
                            until));
            Language userLang =
                    db.withHandle(h -> customers.language(h, r.payment().userId()));
            notifyQuietly(
                    r.payment().userId(),
                    messages.get(
                            userLang, "notice.refunded", "stars", r.payment().amountStars(), "date", until));
        } else if (outcome instanceof Refunds.Outcome.UnknownCharge) {
            reply(adminId, messages.get(lang, "admin.refund_unknown", "charge", chargeId));
        } else if (outcome instanceof Refunds.Outcome.AlreadyRefunded) {
            reply(adminId, messages.get(lang, "admin.refund_again", "charge", chargeId));
        } else if (outcome instanceof Refunds.Outcome.TelegramRefused t) {
            reply(adminId, messages.get(lang, "admin.refund_failed", "charge", chargeId, "reason", t.reason()));
        }
    }

    private void redeliver(long adminId, Language lang) {
        int count = db.inTransaction(h -> provisioning.redeliverAll(h, clock.instant()));
        log.info("event=admin_redeliver admin={} customers={}", adminId, count);
        reply(adminId, messages.get(lang, "admin.redeliver_started", "count", count));
    }

    private void broadcast(long adminId, Language lang, String text) {
        if (text.isEmpty()) {
            reply(adminId, messages.get(lang, "admin.usage"));
            return;
        }
        long id = broadcaster.create(adminId, text);
        reply(adminId, messages.get(lang, "admin.broadcast_started", "id", Long.toString(id)));
        broadcastExecutor.submit(() -> {
            try {
                Broadcast done = broadcaster.run(id);
                notifyQuietly(
                        adminId,
                        messages.get(
                                lang,
                                "admin.broadcast_done",
                                "id",
                                Long.toString(id),
                                "sent",
                                done.sent(),
                                "blocked",
                                done.blocked(),
                                "failed",
                                done.failed()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("event=broadcast_failed id={} error=\"{}\"", id, e.getMessage(), e);
            }
        });
    }

    private void reply(long adminId, String text) {
        telegram.sendText(adminId, text, Keyboard.NONE);
    }

    private void notifyQuietly(long userId, String text) {
        try {
            telegram.sendText(userId, text, Keyboard.NONE);
        } catch (RuntimeException e) {
            log.info("event=notice_failed user={} error=\"{}\"", userId, e.getMessage());
        }
    }
}
