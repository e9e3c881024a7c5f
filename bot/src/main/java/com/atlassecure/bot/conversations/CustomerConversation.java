package com.atlassecure.bot.conversations;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.customers.Customer;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.customers.ReferralRepository;
import com.atlassecure.bot.devices.DeviceService;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.keys.KeyDelivery;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.trial.TrialService;
import com.atlassecure.bot.web.SubscriptionMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a customer sees: /start with their status and the menu, the menu's buttons (edited in place), trial,
 * plans and invoices, My key, My devices, and the /help, /terms and /paysupport pages.
 */
public final class CustomerConversation {
    private static final Logger log = LoggerFactory.getLogger(CustomerConversation.class);

    private final Database db;
    private final CustomerRepository customers;
    private final ReferralRepository referrals;
    private final SubscriptionRepository subscriptions;
    private final TrialService trials;
    private final PaymentService payments;
    private final KeyDelivery keys;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Menus menus;
    private final String supportContact;
    private final Clock clock;
    private final UserThrottle throttle;
    private final DevicesScreen devices;
    private final SubscriptionLinkScreen links;
    private final SubscriptionScreen subscription;

    public CustomerConversation(
            Database db,
            CustomerRepository customers,
            ReferralRepository referrals,
            SubscriptionRepository subscriptions,
            TrialService trials,
            Payments payments,
            KeyDelivery keys,
            TelegramGateway telegram,
            Messages messages,
            Menus menus,
            String supportContact,
            Clock clock,
            UserThrottle throttle,
            DeviceService devices,
            SubscriptionMessage links) {
        this.db = db;
        this.customers = customers;
        this.referrals = referrals;
        this.subscriptions = subscriptions;
        this.trials = trials;
        this.payments = payments.purchases();
        this.keys = keys;
        this.telegram = telegram;
        this.messages = messages;
        this.menus = menus;
        this.supportContact = supportContact;
        this.clock = clock;
        this.throttle = throttle;
        this.devices = new DevicesScreen(devices, telegram, messages, menus);
        this.links = new SubscriptionLinkScreen(links, telegram, messages, menus);
        this.subscription = new SubscriptionScreen(payments.autoRenew(), telegram, messages, menus, clock);
    }

    /** {@code /start [ref_<id>]}: records a referral from the deep link, then shows the status and the menu. */
    public void start(long userId, Language lang, String argument) {
        if (argument != null && argument.startsWith("ref_")) {
            try {
                long referrer = Long.parseLong(argument.substring(4));
                boolean recorded = db.inTransaction(h -> referrals.record(h, userId, referrer, clock.instant()));
                log.info("event=referral user={} referrer={} recorded={}", userId, referrer, recorded);
            } catch (NumberFormatException e) {
                log.info("event=referral_ignored user={} reason=bad_id", userId);
            }
        }
        telegram.sendText(userId, home(userId, lang), mainMenu(userId, lang));
    }

    public void command(long userId, Language lang, String command) {
        switch (command) {
            case "/help" -> telegram.sendText(userId, help(lang), menus.backOnly(lang));
            case "/terms" ->
                telegram.sendText(
                        userId, messages.get(lang, "terms.text", "contact", supportContact), menus.backOnly(lang));
            case "/paysupport" ->
                telegram.sendText(
                        userId, messages.get(lang, "paysupport.text", "contact", supportContact), menus.backOnly(lang));
            case "/key", "/mykey" -> myKey(userId, lang);
            case "/devices" -> devices.show(userId, lang, 0);
            case "/buy", "/renew" -> telegram.sendText(userId, messages.get(lang, "plans.title"), menus.plans(lang));
            default -> telegram.sendText(userId, home(userId, lang), mainMenu(userId, lang));
        }
    }

    /** A press on one of our inline buttons under message {@code messageId}. */
    public void button(long userId, Language lang, String queryId, int messageId, String data) {
        telegram.answerCallback(queryId, null);
        if (data.startsWith(Menus.PLAN_PREFIX)) {
            Plan plan = menus.plan(data.substring(Menus.PLAN_PREFIX.length()));
            if (plan != null && throttle.allowInvoice(userId)) {
                if (plan.recurring()) {
                    payments.sendSubscriptionLink(userId, lang, plan);
                } else {
                    payments.sendInvoice(userId, lang, plan);
                }
            } else if (plan != null) {
                log.info("event=invoice_throttled user={}", userId);
            }
            return;
        }
        switch (data) {
            case Menus.TRIAL -> trial(userId, lang, messageId);
            case Menus.BUY ->
                telegram.editText(userId, messageId, messages.get(lang, "plans.title"), menus.plans(lang));
            case Menus.KEY -> myKey(userId, lang);
            case Menus.DEVICES -> devices.show(userId, lang, messageId);
            case Menus.DEVICES_RESET -> devices.reset(userId, lang, messageId);
            case SubscriptionLinkScreen.RESET -> links.askReset(userId, lang, messageId);
            case SubscriptionLinkScreen.RESET_CONFIRMED -> links.reset(userId, lang, messageId);
            case Menus.SUBSCRIPTION -> subscription.show(userId, lang, messageId);
            case Menus.SUBSCRIPTION_CANCEL -> subscription.cancel(userId, lang, messageId);
            case Menus.SUBSCRIPTION_RESUME -> subscription.resume(userId, lang, messageId);
            case Menus.HELP -> telegram.editText(userId, messageId, help(lang), menus.backOnly(lang));
            default -> telegram.editText(userId, messageId, home(userId, lang), mainMenu(userId, lang));
        }
    }

    private void trial(long userId, Language lang, int messageId) {
        switch (trials.start(userId)) {
            case STARTED -> {
                telegram.editText(
                        userId,
                        messageId,
                        messages.get(lang, "trial.started", "days", trials.trialDays()),
                        Keyboard.NONE);
            }
            case ALREADY_USED ->
                telegram.editText(userId, messageId, messages.get(lang, "trial.used"), menus.plans(lang));
            case DISABLED ->
                telegram.editText(userId, messageId, messages.get(lang, "trial.disabled"), menus.plans(lang));
        }
    }

    private void myKey(long userId, Language lang) {
        Optional<Subscription> sub = db.withHandle(h -> subscriptions.find(h, userId));
        Instant now = clock.instant();
        if (sub.isEmpty()) {
            telegram.sendText(userId, messages.get(lang, "key.none"), mainMenu(userId, lang));
        } else if (!sub.get().activeAt(now)) {
            telegram.sendText(
                    userId, messages.get(lang, "key.expired", "date", sub.get().expiresAt()), menus.renew(lang));
        } else if (!sub.get().hasKey()) {
            telegram.sendText(userId, messages.get(lang, "key.pending"), Keyboard.NONE);
        } else {
            keys.deliver(userId, lang, sub.get(), menus.renew(lang));
            links.show(userId, lang);
        }
    }

    private String home(long userId, Language lang) {
        Optional<Customer> customer = db.withHandle(h -> customers.find(h, userId));
        Optional<Subscription> sub = db.withHandle(h -> subscriptions.find(h, userId));
        String name = customer.map(Customer::displayName).orElse("");
        String status = sub.filter(s -> s.activeAt(clock.instant()))
                .map(s -> messages.get(lang, "start.status.active", "date", s.expiresAt()))
                .orElseGet(() -> messages.get(lang, "start.status.none"));
        String renewal =
                subscription.statusLine(userId, lang).map(line -> "\n" + line).orElse("");
        return messages.get(lang, "start.welcome", "name", name) + "\n\n" + status + renewal;
    }

    private Keyboard mainMenu(long userId, Language lang) {
        boolean trialAvailable = db.withHandle(h -> customers.find(h, userId))
                .map(c -> c.trialUsedAt() == null)
                .orElse(true);
        return menus.main(lang, trialAvailable, subscription.offered(userId));
    }

    private String help(Language lang) {
        return messages.get(lang, "help.text", "contact", supportContact);
    }
}
