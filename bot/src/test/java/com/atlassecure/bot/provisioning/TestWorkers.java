package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.keys.KeyDelivery;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds a provisioning worker the way the bot does, with a seeded backoff and the tests' own Telegram and admins. */
public final class TestWorkers {
    private TestWorkers() {}

    static ProvisioningWorker worker(
            Database db,
            Provisioning provisioning,
            XrayApi api,
            TelegramGateway telegram,
            Set<Long> admins,
            Clock clock,
            boolean enabled) {
        return worker(
                db, provisioning, java.util.Map.of(Provisioning.SINGLE_NODE, api), telegram, admins, clock, enabled);
    }

    /** A worker for a fleet: one API per node name. */
    public static ProvisioningWorker worker(
            Database db,
            Provisioning provisioning,
            java.util.Map<String, ? extends XrayApi> apis,
            TelegramGateway telegram,
            Set<Long> admins,
            Clock clock,
            boolean enabled) {
        Messages messages = Messages.load();
        ProvisioningNotices notices = new ProvisioningNotices(
                db,
                new CustomerRepository(),
                new KeyDelivery(telegram, messages, clock),
                telegram,
                messages,
                admins,
                new Menus(messages, List.of(), 3)::renew);
        return new ProvisioningWorker(
                db,
                provisioning,
                new SubscriptionRepository(),
                apis,
                notices,
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), new SplittableRandom(1)),
                clock,
                enabled);
    }
}
