package com.atlassecure.api;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.StartupCheckException;
import com.atlassecure.api.config.StartupChecks;
import com.atlassecure.api.config.VerifiedInbound;
import com.atlassecure.api.health.HealthService;
import com.atlassecure.api.http.ApiServer;
import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.metrics.ApiMetrics;
import com.atlassecure.api.metrics.MeteredXrayControl;
import com.atlassecure.api.users.ConfigImport;
import com.atlassecure.api.users.ConfigRenderer;
import com.atlassecure.api.users.Reconciler;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.users.SweepGuard;
import com.atlassecure.api.users.UserLedger;
import com.atlassecure.api.users.UserLimits;
import com.atlassecure.api.users.UsersService;
import com.atlassecure.api.users.XrayRestarter;
import com.atlassecure.api.users.XrayWatch;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayVersion;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.FileModes;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.api.xrayconfig.XrayConfigException;
import com.atlassecure.contract.signing.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the API from its dependencies and runs it: verify the config, open the store (importing the config's
 * clients on first start), render and reconcile once, start the timers and the HTTP server. Tests build it with
 * port 0, a real xray, and a clock they move.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final ApiSettings settings;
    private final XrayControl xray;
    private final Clock clock;
    private final RemovalListener removalListener;
    private final Supplier<String> sessionClosingStatus;
    private final ApiMetrics metrics;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "api-timers");
        t.setDaemon(true);
        return t;
    });

    private UserLedger store;
    private ConfigRenderer renderer;
    private Reconciler reconciler;
    private UsersService users;
    private XrayRestarter restarter;
    private ApiServer server;
    private String inboundTag;
    private boolean onlineStats;
    private LongSupplier monotonicNanos = System::nanoTime;

    public App(
            ApiSettings settings,
            XrayControl xray,
            Clock clock,
            RemovalListener removalListener,
            Supplier<String> sessionClosingStatus) {
        this(settings, xray, clock, removalListener, sessionClosingStatus, new ApiMetrics());
    }

    /**
     * With a metrics registry made by the caller, so that collaborators built before the App (the session closer
     * behind {@code removalListener}) register their meters in the same {@code /metrics}.
     */
    public App(
            ApiSettings settings,
            XrayControl xray,
            Clock clock,
            RemovalListener removalListener,
            Supplier<String> sessionClosingStatus,
            ApiMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.xray = new MeteredXrayControl(xray, metrics);
        this.clock = clock;
        this.removalListener = removalListener;
        this.sessionClosingStatus = sessionClosingStatus;
    }

    /** The monotonic clock the expiry sweep checks the wall clock against; tests pass one they move. */
    public App withMonotonicClock(LongSupplier monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
        return this;
    }

    public App start() {
        log.info(
                "event=api_starting settings={} api_key={}",
                settings,
                ApiKeys.fingerprint(settings.auth().apiKey()));
        // Warn, not refuse: a chmod slip must not take every customer offline; doctor FAILs it (review L6).
        FileModes.tooOpen(settings.xray().configPath())
                .ifPresent(why -> log.error("event=secret_file_too_open detail=\"{}\"", why));
        StartingConfig cfg = loadAndVerify();
        String tag = cfg.tag();
        inboundTag = tag;
        onlineStats = cfg.onlineStats();
        LinkParameters link = cfg.link();

        store = UserLedger.open(settings.storage().dataDir(), xray, tag);
        renderer = new ConfigRenderer(
                settings.xray().configPath(),
                tag,
                store.view(),
                settings.timers().configRenderDelay(),
                scheduler);
        renderer.prime(cfg.skeleton());
        ConfigImport.importIfStoreEmpty(store, cfg.clients(), clock.millis());
        int missingFlow = cfg.missingFlow();
        cfg = null; // the configured clients are in the store now; at 100k they are tens of MB of heap
        store.addListener(renderer);
        // Repairs the file now: clients without flow get it, and the file matches the store before Xray reads it.
        renderer.renderNow();
        if (missingFlow > 0) {
            log.warn("event=config_flow_repaired clients={}", missingFlow);
        }

        reconciler = new Reconciler(store, xray, tag, clock, metrics::reconciled);
        XrayWatch watch = new XrayWatch(xray, tag, store, reconciler);
        watch.poll(); // the baseline: a restart before this point is covered by the start reconcile below
        reconciler.reconcile("start");
        restarter = new XrayRestarter(
                settings.xray().restartCommand(),
                settings.xray().restartTimeout(),
                () -> reconciler.reconcile("restart_command"));
        users = new UsersService(
                store,
                xray,
                link,
                clock,
                removalListener,
                new UserLimits(
                        Duration.ofDays(settings.limits().maxExpiryDays()),
                        settings.limits().maxUsers()),
                new SweepGuard(clock, monotonicNanos, settings.limits().expirySweepMaxPercent()));
        metrics.bindClients(store.view()::activeCount);
        metrics.bindConfigRenderLag(renderer::lagMs);

        String version = XrayVersion.of(settings.xray().binary());
        HealthService health = new HealthService(
                settings, tag, xray, store.view(), renderer, reconciler, () -> version, sessionClosingStatus);
        every(WATCH_INTERVAL, "xray_watch", watch::poll);
        every(settings.timers().reconcileInterval(), "reconcile", () -> reconciler.reconcile("timer"));
        every(sweepInterval(), "expiry_sweep", this::sweep);

        server = new ApiServer(settings, users, health, metrics, clock).start();
        log.info(
                "event=api_started listen={}:{} inbound={} clients={} xray={}",
                settings.listen().host(),
                server.port(),
                tag,
                store.view().activeCount(),
                version);
        return this;
    }

    /** What start-up keeps of config.json once verified; the parsed document itself is let go. */
    private record StartingConfig(
            String tag,
            LinkParameters link,
            List<ClientEntry> clients,
            int missingFlow,
            byte[] skeleton,
            boolean onlineStats) {}

    /**
     * Loads and verifies config.json. A separate method so that the parsed document (the whole tree, at 100k
     * clients the largest object the API ever holds) is garbage as soon as it returns.
     */
    private StartingConfig loadAndVerify() {
        byte[] raw;
        try {
            raw = Files.readAllBytes(settings.xray().configPath());
        } catch (IOException e) {
            throw new XrayConfigException(
                    "cannot read Xray config " + settings.xray().configPath() + ": " + e.getMessage(), e);
        }
        XrayConfig config = XrayConfig.parse(raw, settings.xray().configPath().toString());
        VerifiedInbound verified = StartupChecks.verify(settings, config);
        String tag = verified.inbound().tag();
        if (tag == null || tag.isBlank()) {
            // Xray's AlterInbound addresses an inbound only by tag: without one no user can ever be added live.
            throw new StartupCheckException(
                    List.of("the VLESS REALITY inbound in " + settings.xray().configPath()
                            + " has no \"tag\"; give it one (e.g. \"vless-reality\") and set XRAY_INBOUND_TAG to it"));
        }
        return new StartingConfig(
                tag,
                verified.link(),
                verified.inbound().clients(),
                verified.clientsMissingFlow().size(),
                config.withClients(tag, List.of()),
                config.userOnlineStatsEnabled());
    }

    /** Expiry is enforced at least every 30 s (design principle 4), whatever EXPIRY_SWEEP_INTERVAL asks for. */
    private Duration sweepInterval() {
        Duration asked = settings.timers().expirySweepInterval();
        if (asked.compareTo(MAX_SWEEP_INTERVAL) > 0) {
            log.warn("event=setting_capped setting=EXPIRY_SWEEP_INTERVAL asked={} used={}", asked, MAX_SWEEP_INTERVAL);
            return MAX_SWEEP_INTERVAL;
        }
        return asked;
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

    private void every(Duration interval, String name, Runnable task) {
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

    /** Whether config.json turns on {@code statsUserOnline}, which session closing needs; known after start. */
    public boolean userOnlineStatsEnabled() {
        return onlineStats;
    }

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

    public XrayRestarter restarter() {
        return restarter;
    }

    public UserLedger store() {
        return store;
    }

    public String inboundTag() {
        return inboundTag;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            store.close();
        }
        if (renderer != null) {
            try {
                renderer.renderNow(); // the last changes reach the file before we go
            } catch (RuntimeException e) {
                log.error("event=final_render_failed error={}", e.toString());
            }
        }
        xray.close();
        log.info("event=api_stopped");
    }
}
