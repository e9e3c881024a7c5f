package com.atlassecure.bot;

import com.atlassecure.bot.admin.AdminCommands;
import com.atlassecure.bot.admin.Broadcaster;
import com.atlassecure.bot.apiclient.HttpXrayApi;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.conversations.CustomerConversation;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.conversations.UpdateRouter;
import com.atlassecure.bot.conversations.UpdatesOnce;
import com.atlassecure.bot.conversations.UserThrottle;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.customers.ReferralRepository;
import com.atlassecure.bot.devices.DeviceService;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.keys.KeyDelivery;
import com.atlassecure.bot.nodes.NodeHealth;
import com.atlassecure.bot.nodes.NodeRegistry;
import com.atlassecure.bot.nodes.NodeSettings;
import com.atlassecure.bot.nodes.NodeWatch;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.payments.StarReconciler;
import com.atlassecure.bot.provisioning.Backoff;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.provisioning.ProvisioningNotices;
import com.atlassecure.bot.provisioning.ProvisioningWorker;
import com.atlassecure.bot.reminders.ReminderScheduler;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.TelegramConnection;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.telegram.UpdateDispatcher;
import com.atlassecure.bot.trial.TrialService;
import com.atlassecure.bot.web.SubscriptionWeb;
import com.atlassecure.contract.signing.ApiKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the bot from its configuration and runs it: database, API client, outbox worker, reminders, and updates by
 * long polling or webhook. {@code Main} only reads the environment; tests start this class directly on port 0 with
 * their own clock.
 */
public final class BotApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotApp.class);
    private static final int POLL_SECONDS = 50;
    /** "My devices" asks every node at once; a node slower than this is named as not answering. */
    private static final Duration DEVICE_CALL_TIMEOUT = Duration.ofSeconds(4);
    /** How often the node's digest is compared with the database: cheap (one request, no paging when in sync). */
    public static final Duration DRIFT_CHECK_INTERVAL = Duration.ofMinutes(5);
    /**
     * The health timer's tick: each node is polled every 10 s while it answers and every 2 s once a poll failed, so it
     * is down after {@code NodeHealth.DOWN_AFTER} failed polls (about 15 s), and a node that answers again has its
     * waiting jobs run within 2 s (the open /health is cheap to ask).
     */
    public static final Duration HEALTH_POLL_INTERVAL = NodeHealth.EVERY_WHILE_FAILING;

    private final BotConfig config;
    private final Database db;
    private final TelegramGateway telegram;
    private final Provisioning provisioning;
    private final ProvisioningWorker worker;
    private final NodeWatch nodes;
    private final ReminderScheduler reminders;
    private final Broadcaster broadcaster;
    private final UpdateDispatcher dispatcher;
    private final ExecutorService broadcastExecutor;
    private final Timers timers = new Timers();
    private final Payments payments;
    private final BotTimings timings;
    private final TelegramConnection connection;
    private final DeviceService devices;
    private final SubscriptionWeb web;
    private UpdateIntake intake;

    private BotApp(BotConfig config, Clock clock, BotTimings timings) {
        this.config = config;
        this.timings = timings;
        this.db = Database.open(config.database());
        Messages messages = Messages.load();
        this.connection = TelegramConnection.open(config.botToken(), config.telegramApiUrl(), POLL_SECONDS);
        this.telegram = connection.gateway();
        FleetClients fleetClients = FleetClients.from(config);
        Map<String, HttpXrayApi> apis = fleetClients.apis();
        List<NodeSettings> fleet = fleetClients.nodes();

        CustomerRepository customers = new CustomerRepository();
        SubscriptionRepository subscriptions = new SubscriptionRepository();
        NodeRegistry registry = new NodeRegistry(db, subscriptions, config.drainGrace(), clock);
        this.provisioning = new Provisioning(subscriptions, db.dialect(), registry);
        registry.register(fleet, provisioning);
        Menus menus = new Menus(messages, config.plans(), config.trialDays());
        KeyDelivery keys = new KeyDelivery(telegram, messages, clock);

        this.payments = new Payments(db, customers, provisioning, telegram, messages, clock);
        this.web = new SubscriptionWeb(
                config,
                db,
                subscriptions,
                apis,
                customers,
                payments.purchases(),
                provisioning,
                telegram,
                messages,
                clock);
        this.worker = new ProvisioningWorker(
                db,
                provisioning,
                subscriptions,
                apis,
                new ProvisioningNotices(
                        db,
                        customers,
                        keys,
                        telegram,
                        messages,
                        config.adminIds(),
                        menus::renew,
                        web.message()::sendQuietly),
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), new SecureRandom()),
                clock,
                config.provisioningEnabled());
        this.reminders = new ReminderScheduler(
                db, subscriptions, customers, telegram, messages, menus, clock, payments.autoRenew());
        this.broadcaster =
                new Broadcaster(db, customers, telegram, timings.sleeper(), timings.broadcastInterval(), clock);
        this.broadcastExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "broadcast"));

        UserThrottle throttle = new UserThrottle(clock);
        this.devices = new DeviceService(db, subscriptions, apis, DEVICE_CALL_TIMEOUT);
        CustomerConversation conversation = new CustomerConversation(
                db,
                customers,
                new ReferralRepository(),
                subscriptions,
                new TrialService(db, customers, provisioning, config.trialDays(), clock),
                payments,
                keys,
                telegram,
                messages,
                menus,
                config.supportContact(),
                clock,
                throttle,
                devices,
                web.message());
        this.nodes = new NodeWatch(
                fleet,
                apis,
                registry,
                db,
                subscriptions,
                provisioning,
                customers,
                telegram,
                messages,
                config.adminIds(),
                clock);
        AdminCommands admin = new AdminCommands(
                db,
                customers,
                subscriptions,
                provisioning,
                payments,
                nodes.status(),
                broadcaster,
                broadcastExecutor,
                telegram,
                messages,
                config.supportContact(),
                clock,
                devices,
                web.links());
        UpdateRouter router = new UpdateRouter(
                db,
                customers,
                conversation,
                payments,
                admin,
                config.adminIds(),
                telegram,
                messages,
                clock,
                timings.moneyBudget(),
                throttle);
        this.dispatcher = new UpdateDispatcher(
                new UpdatesOnce(db, router, clock), UpdateRouter::userOf, 8, timings.handlerNanos());
        worker.start(timings.workerPoll());
        timers.every(timings.reminderInterval(), "reminders", reminders::runOnce);
        timers.every(DRIFT_CHECK_INTERVAL, "drift_check", nodes::checkDrift);
        timers.every(SubscriptionWeb.TRAFFIC_REFRESH, "traffic", web::refreshTraffic);
        timers.every(HEALTH_POLL_INTERVAL, "node_health", nodes::pollHealth);
        timers.every(
                timings.reconcileInterval(),
                "reconcile",
                () -> payments.reconciler().runOnce());
    }

    /** Starts the bot; returns once updates are flowing. */
    public static BotApp start(BotConfig config, Clock clock, BotTimings timings) {
        log.info(
                "event=bot_starting token={} env={} nodes={} database={} mode={}",
                ApiKeys.fingerprint(config.botToken()),
                config.appEnv(),
                config.nodes().stream().map(n -> n.node() + "=" + n.url()).toList(),
                config.database().dialect(),
                config.webhookMode() ? "webhook" : "long_polling");
        BotApp app = new BotApp(config, clock, timings);
        try {
            app.broadcaster.resumeUnfinished(app.broadcastExecutor);
            app.intake = UpdateIntake.start(config, timings, app.connection, app.dispatcher, app.web, POLL_SECONDS);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public Database database() {
        return db;
    }

    /** The app's own provisioning facade: jobs enqueued through it wake this app's worker on commit. */
    public Provisioning provisioning() {
        return provisioning;
    }

    /** The fleet's health, drift, registry and status: on timers here, and called directly by tests. */
    public NodeWatch nodes() {
        return nodes;
    }

    public ProvisioningWorker worker() {
        return worker;
    }

    public ReminderScheduler reminders() {
        return reminders;
    }

    public StarReconciler reconciler() {
        return payments.reconciler();
    }

    public Payments payments() {
        return payments;
    }

    public UpdateDispatcher dispatcher() {
        return dispatcher;
    }

    /** The subscription URLs: their listener, traffic cache and the chat's links. */
    public SubscriptionWeb web() {
        return web;
    }

    /** The webhook listener's port, or -1 in long-polling mode. */
    public int webhookPort() {
        return intake == null ? -1 : intake.webhookPort();
    }

    @Override
    public void close() {
        if (intake != null) {
            intake.close();
        }
        web.close();
        timers.close();
        broadcastExecutor.shutdownNow();
        dispatcher.close();
        worker.close();
        devices.close();
        connection.close();
        db.close();
        log.info("event=bot_stopped");
    }
}
