package com.atlassecure.api;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.devices.DeviceLimit;
import com.atlassecure.api.health.HealthService;
import com.atlassecure.api.http.ApiServer;
import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.metrics.ApiMetrics;
import com.atlassecure.api.metrics.MeteredXrayControl;
import com.atlassecure.api.sessions.SessionClosing;
import com.atlassecure.api.users.ConfigImport;
import com.atlassecure.api.users.ConfigRenderer;
import com.atlassecure.api.users.Reconciler;
import com.atlassecure.api.users.SweepGuard;
import com.atlassecure.api.users.UserLedger;
import com.atlassecure.api.users.UserLimits;
import com.atlassecure.api.users.UsersService;
import com.atlassecure.api.users.XrayWatch;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayVersion;
import com.atlassecure.api.xrayconfig.FileModes;
import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.contract.users.UserState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's composition root, built in one phase by {@link #start}: verify the config, start session closing, open
 * the store (importing the config's clients on first start), render and reconcile once, start the timers and the
 * HTTP server. Tests build it with port 0, a real xray, and a clock they move.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final ApiMetrics metrics;
    private final XrayControl xray;
    private final ScheduledExecutorService scheduler;
    private final SessionClosing sessions;
    private final UserLedger store;
    private final ConfigRenderer renderer;
    private final Reconciler reconciler;
    private final UsersService users;
    private final DeviceLimit devices;
    private final ApiServer server;

    private App(
            ApiMetrics metrics,
            XrayControl xray,
            ScheduledExecutorService scheduler,
            SessionClosing sessions,
            UserLedger store,
            ConfigRenderer renderer,
            Reconciler reconciler,
            UsersService users,
            DeviceLimit devices,
            ApiServer server) {
        this.metrics = metrics;
        this.xray = xray;
        this.scheduler = scheduler;
        this.sessions = sessions;
        this.store = store;
        this.renderer = renderer;
        this.reconciler = reconciler;
        this.users = users;
        this.devices = devices;
        this.server = server;
    }

    /** Starts the API on the wall clock's monotonic twin. The App owns {@code xray} from here on, also on failure. */
    public static App start(ApiSettings settings, XrayControl xray, Clock clock, SessionClosing.Starter sessions) {
        return start(settings, xray, clock, sessions, System::nanoTime);
    }

    /**
     * Starts the API; {@code monotonicNanos} is what the expiry sweep checks the wall clock against, and tests pass
     * one they move. When start-up fails, whatever it had started is closed again before the exception leaves.
     */
    public static App start(
            ApiSettings settings,
            XrayControl xray,
            Clock clock,
            SessionClosing.Starter sessions,
            LongSupplier monotonicNanos) {
        log.info(
                "event=api_starting settings={} api_key={}",
                settings,
                ApiKeys.fingerprint(settings.auth().apiKey()));
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            ApiMetrics metrics = new ApiMetrics();
            XrayControl metered = new MeteredXrayControl(xray, metrics);
            started.push(metered);
            // Warn, not refuse: a chmod slip must not take every customer offline; doctor FAILs it (review L6).
            FileModes.tooOpen(settings.xray().configPath())
                    .ifPresent(why -> log.error("event=secret_file_too_open detail=\"{}\"", why));
            StartingConfig cfg = StartingConfig.load(settings);
            String tag = cfg.tag();
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "api-timers");
                t.setDaemon(true);
                return t;
            });
            started.push(scheduler::shutdownNow);
            SessionClosing closing =
                    sessions.start(settings.link().port(), cfg.onlineStats(), metered, metrics.registry());
            started.push(closing);

            UserLedger store = UserLedger.open(settings.storage().dataDir(), metered, tag);
            started.push(store);
            ConfigRenderer renderer = new ConfigRenderer(
                    settings.xray().configPath(),
                    tag,
                    store.view(),
                    settings.timers().configRenderDelay(),
                    scheduler);
            renderer.prime(cfg.skeleton());
            LinkParameters link = cfg.link();
            ConfigImport.importIfStoreEmpty(store, cfg.clients(), clock.millis());
            int missingFlow = cfg.missingFlow();
            DeviceLimit devices = DeviceLimit.start(
                    settings.devices(),
                    settings.storage().dataDir(),
                    metered,
                    store.view(),
                    tag,
                    cfg.deviceLimitGap(),
                    closing::status,
                    closing::closeAddresses,
                    clock);
            started.push(devices);
            cfg = null; // the configured clients are in the store now; at 100k they are tens of MB of heap
            store.addListener(renderer);
            // Repairs the file now: clients without flow get it, and the file matches the store before Xray reads it.
            renderer.renderNow();
            if (missingFlow > 0) {
                log.warn("event=config_flow_repaired clients={}", missingFlow);
            }

            Reconciler reconciler = new Reconciler(store, metered, tag, clock, metrics::reconciled);
            XrayWatch watch = new XrayWatch(metered, tag, store, reconciler);
            watch.poll(); // the baseline: a restart before this point is covered by the start reconcile below
            reconciler.reconcile("start");
            UsersService users = new UsersService(
                    store,
                    metered,
                    link,
                    clock,
                    closing.listener(),
                    new UserLimits(
                            Duration.ofDays(settings.limits().maxExpiryDays()),
                            settings.limits().maxUsers()),
                    new SweepGuard(clock, monotonicNanos, settings.limits().expirySweepMaxPercent()));
            metrics.bindClients(store.view()::activeCount);
            metrics.bindConfigRenderLag(renderer::lagMs);

            String version = XrayVersion.of(settings.xray().binary());
            HealthService health = new HealthService(
                    settings,
                    tag,
                    metered,
                    store.view(),
                    renderer,
                    reconciler,
                    () -> version,
                    closing::status,
                    () -> devices.support().status());
            every(scheduler, WATCH_INTERVAL, "xray_watch", watch::poll);
            every(scheduler, settings.timers().reconcileInterval(), "reconcile", () -> reconciler.reconcile("timer"));
            // Cuts anyone still online whom the store no longer lists as active (a close that failed, a restart).
            closing.startSweep(email -> store.view()
                    .byEmail(email)
                    .map(u -> u.state() == UserState.active)
                    .orElse(false));

            every(scheduler, settings.devices().checkInterval(), "device_limit", devices::pass);
            ApiServer server = new ApiServer(settings, users, devices, health, metrics, clock).start();
            App app =
                    new App(metrics, metered, scheduler, closing, store, renderer, reconciler, users, devices, server);
            every(scheduler, sweepInterval(settings), "expiry_sweep", app::sweep);
            log.info(
                    "event=api_started listen={}:{} inbound={} clients={} xray={}",
                    settings.listen().host(),
                    server.port(),
                    tag,
                    store.view().activeCount(),
                    version);
            return app;
        } catch (RuntimeException | Error e) {
            closeAll(started, e);
            throw e;
        }
    }

    /** Expiry is enforced at least every 30 s (design principle 4), whatever EXPIRY_SWEEP_INTERVAL asks for. */
    private static Duration sweepInterval(ApiSettings settings) {
        Duration asked = settings.timers().expirySweepInterval();
        if (asked.compareTo(MAX_SWEEP_INTERVAL) > 0) {
            log.warn("event=setting_capped setting=EXPIRY_SWEEP_INTERVAL asked={} used={}", asked, MAX_SWEEP_INTERVAL);
            return MAX_SWEEP_INTERVAL;
        }
        return asked;
    }

    private static void every(ScheduledExecutorService scheduler, Duration interval, String name, Runnable task) {
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // A timer must survive a failed round; the next round retries.
                        log.error("event=timer_failed timer={} error={}", name, e.toString());
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    /** Closes, newest first, what a failed start-up had started; their own failures ride on the start-up's. */
    private static void closeAll(Deque<AutoCloseable> started, Throwable failure) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** One expiry sweep now; returns how many users it removed. Public so tests can sweep after moving the clock. */
    public int sweep() {
        int expired = users.expireDue();
        if (expired > 0) {
            metrics.expired(expired);
            log.info("event=expiry_sweep removed={}", expired);
        }
        return expired;
    }

    // What tests and the e2e harness look at; the running API needs none of these.

    public int port() {
        return server.port();
    }

    public UsersService users() {
        return users;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public ConfigRenderer renderer() {
        return renderer;
    }

    public UserLedger store() {
        return store;
    }

    public DeviceLimit devices() {
        return devices;
    }

    /**
     * Stops taking requests and timers first, so no new removal arrives; then the store (its last changes may still
     * tell session closing of a removal), session closing (its worker still reads Xray), the last render, and Xray.
     */
    @Override
    public void close() {
        server.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        devices.close();
        sessions.close();
        try {
            renderer.renderNow(); // the last changes reach the file before we go
        } catch (RuntimeException e) {
            log.error("event=final_render_failed error={}", e.toString());
        }
        xray.close();
        log.info("event=api_stopped");
    }
}
