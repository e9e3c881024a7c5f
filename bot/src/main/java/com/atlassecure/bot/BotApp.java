package com.atlassecure.bot;

import com.atlassecure.bot.admin.AdminCommands;
import com.atlassecure.bot.admin.BroadcastRepository;
import com.atlassecure.bot.admin.Broadcaster;
import com.atlassecure.bot.apiclient.HttpXrayApi;
import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.conversations.CustomerConversation;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.conversations.UpdateRouter;
import com.atlassecure.bot.conversations.UserThrottle;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.customers.ReferralRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.keys.KeyDelivery;
import com.atlassecure.bot.outbox.Backoff;
import com.atlassecure.bot.outbox.OutboxRepository;
import com.atlassecure.bot.outbox.ProvisioningWorker;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.payments.Refunds;
import com.atlassecure.bot.payments.StarReconciler;
import com.atlassecure.bot.reminders.ReminderScheduler;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionChanges;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.telegram.BotApiGateway;
import com.atlassecure.bot.telegram.TelegramGateway;
import com.atlassecure.bot.telegram.UpdateDispatcher;
import com.atlassecure.bot.telegram.UpdatePoller;
import com.atlassecure.bot.telegram.WebhookServer;
import com.atlassecure.bot.trial.TrialService;
import com.atlassecure.contract.signing.ApiKeys;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * Wires the bot from its configuration and runs it: database, API client, outbox worker, reminders, and updates by
 * long polling or webhook. {@code Main} only reads the environment; tests start this class directly on port 0 with
 * their own clock.
 */
public final class BotApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotApp.class);
    private static final int POLL_SECONDS = 50;

    /** Timings that tests shorten; production uses {@link #defaults()}. */
    public record Timings(
            Duration workerPoll,
            Duration reminderInterval,
            Duration broadcastInterval,
            Broadcaster.Sleeper sleeper,
            java.util.function.LongConsumer handlerNanos,
            Duration moneyBudget,
            Duration reconcileInterval) {
        /** How long a money update retries database refusals before it is left unconfirmed for Telegram to resend. */
        public static final Duration MONEY_BUDGET = Duration.ofSeconds(20);

        public static final Duration RECONCILE_INTERVAL = Duration.ofMinutes(10);

        public Timings(
                Duration workerPoll,
                Duration reminderInterval,
                Duration broadcastInterval,
                Broadcaster.Sleeper sleeper,
                java.util.function.LongConsumer handlerNanos) {
            this(
                    workerPoll,
                    reminderInterval,
                    broadcastInterval,
                    sleeper,
                    handlerNanos,
                    MONEY_BUDGET,
                    RECONCILE_INTERVAL);
        }

        public Timings(
                Duration workerPoll,
                Duration reminderInterval,
                Duration broadcastInterval,
                Broadcaster.Sleeper sleeper) {
            this(workerPoll, reminderInterval, broadcastInterval, sleeper, nanos -> {});
        }

        /** The same timings with another money budget and reconciliation interval. */
        public Timings withMoney(Duration budget, Duration reconcile) {
            return new Timings(
                    workerPoll, reminderInterval, broadcastInterval, sleeper, handlerNanos, budget, reconcile);
        }

        // 70 ms per broadcast message is about 14/s: half of Telegram's ~30 messages/s, leaving room for keys.
        public static Timings defaults() {
            return new Timings(
                    Duration.ofSeconds(2),
                    Duration.ofMinutes(1),
                    Duration.ofMillis(70),
                    d -> Thread.sleep(d.toMillis()));
        }
    }

    private final BotConfig config;
    private final Database db;
    private final TelegramGateway telegram;
    private final ProvisioningWorker worker;
    private final ReminderScheduler reminders;
    private final Broadcaster broadcaster;
    private final UpdateDispatcher dispatcher;
    private final ExecutorService broadcastExecutor;
    private final ScheduledExecutorService scheduler;
    private final StarReconciler reconciler;
    private final Timings timings;
    private final okhttp3.OkHttpClient pollingHttp;
    private UpdatePoller poller;
    private WebhookServer webhook;

    private BotApp(BotConfig config, Clock clock, Timings timings) {
        this.config = config;
        this.timings = timings;
        this.db = Database.open(config.database());
        Messages messages = Messages.load();
        String token = config.botToken();
        TelegramUrl url = telegramUrl(config.telegramApiUrl());
        // getUpdates waits up to POLL_SECONDS on Telegram's side, so its client must wait longer than that.
        this.pollingHttp = new okhttp3.OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(POLL_SECONDS + 25))
                .build();
        this.telegram = new BotApiGateway(
                new OkHttpTelegramClient(token, url), new OkHttpTelegramClient(pollingHttp, token, url));
        // X-Timestamp is checked against the API's wall clock (+-300 s), so signing uses real time, never the
        // business clock that tests move by days.
        XrayApi api = new HttpXrayApi(
                config.apiUrl(), config.apiKey(), config.signingSecret(), config.apiTimeout(), Clock.systemUTC());

        CustomerRepository customers = new CustomerRepository();
        SubscriptionRepository subscriptions = new SubscriptionRepository();
        OutboxRepository outbox = new OutboxRepository(db.dialect());
        PaymentRepository payments = new PaymentRepository();
        SubscriptionChanges changes = new SubscriptionChanges(subscriptions, outbox, db.dialect());
        Menus menus = new Menus(messages, config.plans(), config.trialDays());
        KeyDelivery keys = new KeyDelivery(telegram, messages, clock);

        this.worker = new ProvisioningWorker(
                db,
                outbox,
                subscriptions,
                customers,
                api,
                keys,
                telegram,
                messages,
                new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), new SecureRandom()),
                clock,
                config.adminIds(),
                config.provisioningEnabled(),
                menus::renew);
        this.reminders = new ReminderScheduler(db, subscriptions, customers, telegram, messages, menus, clock);
        this.broadcaster = new Broadcaster(
                db,
                new BroadcastRepository(),
                customers,
                telegram,
                timings.sleeper(),
                timings.broadcastInterval(),
                clock);
        this.broadcastExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "broadcast"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reminders"));

        PaymentService paymentService = new PaymentService(db, payments, customers, changes, telegram, messages, clock);
        Refunds refunds = new Refunds(db, payments, changes, telegram, clock);
        Runnable wake = worker::wake;
        UserThrottle throttle = new UserThrottle(clock);
        CustomerConversation conversation = new CustomerConversation(
                db,
                customers,
                new ReferralRepository(),
                subscriptions,
                new TrialService(db, customers, changes, config.trialDays(), clock),
                paymentService,
                keys,
                telegram,
                messages,
                menus,
                config::plan,
                config.supportContact(),
                wake,
                clock,
                throttle);
        AdminCommands admin = new AdminCommands(
                db,
                customers,
                subscriptions,
                changes,
                payments,
                outbox,
                refunds,
                broadcaster,
                broadcastExecutor,
                telegram,
                messages,
                config.supportContact(),
                wake,
                clock);
        this.reconciler = new StarReconciler(db, payments, paymentService, refunds, telegram, wake);
        UpdateRouter router = new UpdateRouter(
                db,
                customers,
                conversation,
                paymentService,
                admin,
                config.adminIds(),
                telegram,
                messages,
                wake,
                clock,
                refunds,
                timings.moneyBudget(),
                throttle);
        this.dispatcher = new UpdateDispatcher(router, UpdateRouter::userOf, 8, timings.handlerNanos());
        worker.start(timings.workerPoll());
        scheduler.scheduleWithFixedDelay(
                this::remindQuietly,
                timings.reminderInterval().toMillis(),
                timings.reminderInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                this::reconcileQuietly,
                timings.reconcileInterval().toMillis(),
                timings.reconcileInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts the bot; returns once updates are flowing. */
    public static BotApp start(BotConfig config, Clock clock, Timings timings) {
        log.info(
                "event=bot_starting token={} env={} api={} database={} mode={}",
                ApiKeys.fingerprint(config.botToken()),
                config.appEnv(),
                config.apiUrl(),
                config.database().dialect(),
                config.webhookMode() ? "webhook" : "long_polling");
        BotApp app = new BotApp(config, clock, timings);
        try {
            app.resumeBroadcasts();
            app.receiveUpdates();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void receiveUpdates() {
        if (config.webhookMode()) {
            BotConfig.Webhook hook = config.webhook();
            webhook = new WebhookServer(
                            hook.path(),
                            hook.secret(),
                            dispatcher::submit,
                            UpdateRouter::carriesMoney,
                            timings.moneyBudget().plusSeconds(10))
                    .start(hook.listenHost(), hook.listenPort());
            telegram.setWebhook(hook.url().toString(), hook.secret());
            return;
        }
        // Our own getUpdates loop, not the library's: its session confirms a batch before the handlers ran (H2).
        poller = new UpdatePoller(
                        telegram,
                        dispatcher,
                        UpdateRouter::carriesMoney,
                        POLL_SECONDS,
                        Duration.ofSeconds(1),
                        () -> pollingHttp.dispatcher().cancelAll())
                .start();
    }

    private void reconcileQuietly() {
        try {
            reconciler.runOnce();
        } catch (RuntimeException e) {
            log.error("event=reconcile_failed error=\"{}\"", e.getMessage(), e);
        }
    }

    private void resumeBroadcasts() {
        for (long id : broadcaster.unfinished()) {
            log.info("event=broadcast_resuming id={}", id);
            broadcastExecutor.submit(() -> {
                try {
                    broadcaster.run(id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.error("event=broadcast_failed id={} error=\"{}\"", id, e.getMessage(), e);
                }
            });
        }
    }

    private void remindQuietly() {
        try {
            reminders.runOnce();
        } catch (RuntimeException e) {
            log.error("event=reminders_failed error=\"{}\"", e.getMessage(), e);
        }
    }

    static TelegramUrl telegramUrl(URI uri) {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new TelegramUrl(uri.getScheme(), uri.getHost(), port, false);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public Database database() {
        return db;
    }

    public ProvisioningWorker worker() {
        return worker;
    }

    public ReminderScheduler reminders() {
        return reminders;
    }

    public StarReconciler reconciler() {
        return reconciler;
    }

    public UpdateDispatcher dispatcher() {
        return dispatcher;
    }

    /** The webhook listener's port, or -1 in long-polling mode. */
    public int webhookPort() {
        return webhook == null ? -1 : webhook.port();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        scheduler.shutdownNow();
        broadcastExecutor.shutdownNow();
        dispatcher.close();
        worker.close();
        pollingHttp.dispatcher().executorService().shutdown();
        pollingHttp.connectionPool().evictAll();
        db.close();
        log.info("event=bot_stopped");
    }
}
