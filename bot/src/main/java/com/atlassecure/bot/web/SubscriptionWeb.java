package com.atlassecure.bot.web;

import com.atlassecure.bot.apiclient.NodeTraffic;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.config.SubscriptionSettings;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import com.atlassecure.bot.telegram.TelegramGateway;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription URL feature, wired: the routes (on the webhook listener, or on a listener of their own in
 * long-polling mode), the traffic cache they read, and the chat's side ({@link #links()}).
 */
public final class SubscriptionWeb implements AutoCloseable {
    /** How often the traffic cache reads the nodes; the issue allows at most once a minute. */
    public static final Duration TRAFFIC_REFRESH = TrafficCache.REFRESH_EVERY;

    private static final Logger log = LoggerFactory.getLogger(SubscriptionWeb.class);

    private final SubscriptionSettings settings;
    private final SubscriptionLinks links;
    private final SubscriptionMessage message;
    private final TrafficCache traffic;
    private final SubscriptionRoutes routes;
    private Javalin ownServer;

    public SubscriptionWeb(
            BotConfig config,
            Database db,
            SubscriptionRepository subscriptions,
            Map<String, ? extends NodeTraffic> nodes,
            CustomerRepository customers,
            PaymentService purchases,
            Provisioning provisioning,
            TelegramGateway telegram,
            Messages messages,
            Clock clock) {
        this.settings = config.subscription();
        SubscriptionTokens tokens = new SubscriptionTokens();
        this.links = new SubscriptionLinks(db, tokens, provisioning, settings, clock);
        this.message = new SubscriptionMessage(links, telegram, messages);
        this.traffic = new TrafficCache(nodes);
        MiniAppRenewal renewal = new MiniAppRenewal(
                db, tokens, new MiniAppAuth(config.botToken()), customers, purchases, config.plans());
        this.routes = new SubscriptionRoutes(
                new FeedReader(db, tokens, subscriptions),
                traffic,
                new FetchLimiter(settings.perIpPerMinute()),
                new SubscriptionPage(messages),
                renewal,
                settings.enabled() ? settings.baseUrl().toString() : "",
                settings.updateIntervalHours(),
                FeedHeaders.supportUrl(config.supportContact()),
                clock);
    }

    public SubscriptionLinks links() {
        return links;
    }

    /** The chat message that hands out the URL, for "My key" and after each delivered key. */
    public SubscriptionMessage message() {
        return message;
    }

    /** Adds the routes to a server being configured (the webhook listener); nothing when the feature is off. */
    public void register(JavalinConfig config) {
        if (settings.enabled()) {
            routes.register(config);
        }
    }

    /** Long-polling mode: serves the routes on SUBSCRIPTION_LISTEN. */
    public SubscriptionWeb startOwnListener() {
        if (!settings.enabled()) {
            return this;
        }
        ownServer = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    routes.register(config);
                })
                .start(settings.listenHost(), settings.listenPort());
        log.info(
                "event=subscription_listening host={} port={} base={}",
                settings.listenHost(),
                ownServer.port(),
                settings.baseUrl());
        return this;
    }

    /** The own listener's port, or -1 (webhook mode, or the feature off). */
    public int port() {
        return ownServer == null ? -1 : ownServer.port();
    }

    /** Reads every node's traffic counters once; the timer calls it every {@link #TRAFFIC_REFRESH}. */
    public int refreshTraffic() {
        return settings.enabled() ? traffic.refresh() : 0;
    }

    @Override
    public void close() {
        if (ownServer != null) {
            ownServer.stop();
        }
    }
}
