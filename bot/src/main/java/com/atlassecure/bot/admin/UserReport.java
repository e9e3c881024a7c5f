package com.atlassecure.bot.admin;

import com.atlassecure.bot.customers.Customer;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.devices.DeviceService;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import com.atlassecure.contract.validation.Uuids;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The answer to {@code /user <id>}: the customer, their access and key (never the key itself), and their devices. */
final class UserReport {
    private final Database db;
    private final CustomerRepository customers;
    private final SubscriptionRepository subscriptions;
    private final Payments payments;
    private final DeviceService devices;
    private final Messages messages;
    private final SubscriptionTokens tokens = new SubscriptionTokens();

    UserReport(
            Database db,
            CustomerRepository customers,
            SubscriptionRepository subscriptions,
            Payments payments,
            DeviceService devices,
            Messages messages) {
        this.db = db;
        this.customers = customers;
        this.subscriptions = subscriptions;
        this.payments = payments;
        this.devices = devices;
        this.messages = messages;
    }

    String render(Language lang, long userId) {
        Optional<Customer> customer = db.withHandle(h -> customers.find(h, userId));
        if (customer.isEmpty()) {
            return messages.get(lang, "admin.user_unknown", "id", Long.toString(userId));
        }
        Optional<Subscription> sub = db.withHandle(h -> subscriptions.find(h, userId));
        long paid = db.withHandle(h -> payments.countForUser(h, userId));
        Customer c = customer.get();
        String text = messages.get(
                lang,
                "admin.user",
                "id",
                Long.toString(userId),
                "name",
                c.displayName(),
                "language",
                c.language().code(),
                "trial",
                c.trialUsedAt() == null ? "-" : messages.date(lang, c.trialUsedAt()),
                "blocked",
                c.blockedAt() == null ? "-" : messages.date(lang, c.blockedAt()),
                "expires",
                sub.map(s -> messages.date(lang, s.expiresAt())).orElse("-"),
                // An operator sees which key, never the key itself.
                "key",
                sub.filter(Subscription::hasKey)
                        .map(s -> Uuids.shortForm(s.uuid()) + " ("
                                + String.join(
                                        ", ",
                                        s.keys().stream().map(NodeKey::node).toList())
                                + ")")
                        .orElse("-"),
                "payments",
                paid);
        String withLink = db.withHandle(h -> tokens.current(h, userId))
                .map(t -> text + "\n"
                        + messages.get(
                                lang,
                                "admin.sub_link",
                                "prefix",
                                SubscriptionTokens.shortForm(t),
                                "id",
                                Long.toString(userId)))
                .orElse(text);
        return devices.read(userId)
                .map(d -> withLink + "\n" + devicesLine(lang, d))
                .orElse(withLink);
    }

    private String devicesLine(Language lang, DeviceService.Summary d) {
        List<String> notes = new ArrayList<>();
        if (!d.unanswered().isEmpty()) {
            notes.add("no answer from " + String.join(", ", d.unanswered()));
        }
        if (!d.notEnforced().isEmpty()) {
            notes.add("not enforced on " + String.join("; ", d.notEnforced()));
        }
        return messages.get(
                lang,
                "admin.devices",
                "online",
                d.online(),
                "blocked",
                d.blocked(),
                "limit",
                d.limit() == 0 ? "?" : Integer.toString(d.limit()),
                "unanswered",
                notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }
}
