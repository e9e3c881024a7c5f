package com.atlassecure.api.health;

import com.atlassecure.api.compat.Admission;
import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.InboundRules;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.users.ConfigRenderer;
import com.atlassecure.api.users.ReconcileReport;
import com.atlassecure.api.users.Reconciler;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xrayconfig.VlessRealityInbound;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.contract.health.HealthCheck;
import com.atlassecure.contract.health.HealthResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code /health}: whether Xray is reachable, the store's client count, and whether config.json on disk
 * still agrees with the settings and gives every client the Vision flow. The file is re-parsed only when it changed
 * (a 100k-client parse is not free), and the whole answer is reused for {@link #MAX_AGE} so that a flood of the open
 * route cannot hammer Xray (finding M3). No detail quotes an exception: a malformed config.json's parser message can
 * quote the private key, so the checks name what failed and only the exception's class reaches the log. Thread-safe.
 */
public final class HealthService {
    /** How long one computed answer is served again. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(HealthService.class);

    private final ApiSettings settings;
    private final String inboundTag;
    private final XrayControl xray;
    private final UserView view;
    private final ConfigRenderer renderer;
    private final Reconciler reconciler;
    private final Supplier<String> xrayVersion;
    private final Supplier<String> sessionClosing;
    private final Supplier<String> deviceLimit;
    private final Duration maxRenderLag;
    private ConfigFacts cached;
    private HealthResponse lastAnswer;
    private long lastAnswerNanos;

    private record ConfigFacts(
            FileTime mtime, long size, VlessRealityInbound inbound, long withoutFlow, String error) {}

    public HealthService(
            ApiSettings settings,
            String inboundTag,
            XrayControl xray,
            UserView view,
            ConfigRenderer renderer,
            Reconciler reconciler,
            Supplier<String> xrayVersion,
            Supplier<String> sessionClosing,
            Supplier<String> deviceLimit) {
        this.settings = settings;
        this.inboundTag = inboundTag;
        this.xray = xray;
        this.view = view;
        this.renderer = renderer;
        this.reconciler = reconciler;
        this.xrayVersion = xrayVersion;
        this.sessionClosing = sessionClosing;
        this.deviceLimit = deviceLimit;
        // Generous: a render normally lands within the delay; only a stuck or failing writer gets this far behind.
        this.maxRenderLag =
                settings.timers().configRenderDelay().multipliedBy(5).plusSeconds(5);
    }

    /** The current health, computed at most once per {@link #MAX_AGE}; concurrent callers wait for one computation. */
    public synchronized HealthResponse check() {
        long now = System.nanoTime();
        if (lastAnswer == null || now - lastAnswerNanos >= MAX_AGE.toNanos()) {
            lastAnswer = compute();
            lastAnswerNanos = System.nanoTime();
        }
        return lastAnswer;
    }

    private HealthResponse compute() {
        List<HealthCheck> checks = new ArrayList<>();
        boolean reachable;
        String liveDetail;
        try {
            long live = xray.countUsers(inboundTag);
            reachable = true;
            liveDetail = "gRPC " + settings.xray().grpcAddress() + " answers; " + live + " live users on inbound "
                    + inboundTag;
        } catch (XrayException e) {
            reachable = false;
            liveDetail = "Xray's gRPC API does not answer (the API log has event=health_xray_unreachable)";
            log.warn("event=health_xray_unreachable error={}", e.getMessage());
        }
        checks.add(new HealthCheck("xray_reachable", reachable, liveDetail));

        ConfigFacts facts = configFacts();
        int port = 0;
        String sni = settings.link().sni();
        long withoutFlow = 0;
        if (facts.error() != null) {
            checks.add(new HealthCheck("config_readable", false, facts.error()));
        } else {
            VlessRealityInbound in = facts.inbound();
            port = in.port();
            withoutFlow = facts.withoutFlow();
            checks.add(new HealthCheck(
                    "config_readable", true, settings.xray().configPath().toString()));
            checks.add(new HealthCheck(
                    "clients_have_flow",
                    InboundRules.flow(withoutFlow).ok(),
                    withoutFlow + " clients in " + settings.xray().configPath() + " lack flow xtls-rprx-vision"));
            for (InboundRules.Finding finding :
                    InboundRules.check(settings.link().inbound(), in)) {
                inboundCheck(finding).ifPresent(checks::add);
            }
        }
        long lag = renderer.lagMs();
        boolean renderOk = lag <= maxRenderLag.toMillis() && renderer.lastError() == null;
        checks.add(new HealthCheck(
                "config_render",
                renderOk,
                "lag " + lag + " ms (limit " + maxRenderLag.toMillis() + " ms)"
                        + (renderer.lastError() == null
                                ? ""
                                : "; the last render failed (see event=config_render_failed)")));
        ReconcileReport last = reconciler.last();
        checks.add(new HealthCheck(
                "reconcile",
                last == null || last.ok(),
                last == null
                        ? "not run yet"
                        : last.ok()
                                ? "last " + last.reason() + ": added " + last.added() + ", removed " + last.removed()
                                        + ", replaced " + last.replaced()
                                : "last " + last.reason() + " failed (the API log says why)"));
        boolean healthy = checks.stream().allMatch(HealthCheck::ok);
        String version = reachable ? xrayVersion.get() : null;
        return new HealthResponse(
                healthy ? "ok" : "fail",
                reachable,
                version,
                minClientVer(facts, version),
                view.activeCount(),
                withoutFlow,
                port,
                sni,
                last == null ? null : last.atMs(),
                lag,
                sessionClosing.get(),
                deviceLimit.get(),
                checks);
    }

    /** The effective REALITY client minimum: written in the config, or implied by the running Xray's version. */
    private static String minClientVer(ConfigFacts facts, String xrayVersion) {
        if (facts.error() != null) {
            return "unknown";
        }
        Optional<CoreVersion> server =
                xrayVersion == null ? Optional.empty() : CoreVersion.ofXrayVersionLine(xrayVersion);
        try {
            return Admission.describeMinimum(server, facts.inbound().minClientVer());
        } catch (IllegalArgumentException e) {
            return "unknown (realitySettings.minClientVer is not a version)";
        }
    }

    /**
     * The inbound rules /health has always reported, under their check names; the transport rules stay with
     * start-up and the doctor. An unusable private key is reported as the public_key check, naming no detail.
     */
    private static Optional<HealthCheck> inboundCheck(InboundRules.Finding f) {
        String expected = f.expected();
        String actual = f.actual();
        return switch (f.rule()) {
            case PORT ->
                Optional.of(new HealthCheck("port", f.ok(), "XRAY_PORT=" + expected + ", inbound port " + actual));
            case SNI -> Optional.of(new HealthCheck("sni", f.ok(), "XRAY_SNI=" + expected + ", serverNames " + actual));
            case PRIVATE_KEY ->
                f.ok()
                        ? Optional.empty()
                        : Optional.of(new HealthCheck("public_key", false, "realitySettings.privateKey is unusable"));
            case PUBLIC_KEY ->
                Optional.of(new HealthCheck(
                        "public_key", f.ok(), "XRAY_PUBLIC_KEY=" + expected + ", derived from privateKey " + actual));
            case SHORT_ID ->
                Optional.of(new HealthCheck("short_id", f.ok(), "XRAY_SHORT_ID=" + expected + ", shortIds " + actual));
            case DECRYPTION, NETWORK, SECURITY, FLOW -> Optional.empty();
        };
    }

    private synchronized ConfigFacts configFacts() {
        Path path = settings.xray().configPath();
        try {
            FileTime mtime = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (cached != null && cached.mtime().equals(mtime) && cached.size() == size) {
                return cached;
            }
            // Streamed past the clients: a 100k-client tree would not fit in the heap next to the store.
            XrayConfig.Clientless read =
                    XrayConfig.parseWithoutClients(Files.readAllBytes(path), path.toString(), inboundTag);
            VlessRealityInbound facts = read.skeleton().inbound(inboundTag);
            cached = new ConfigFacts(mtime, size, facts, read.clientsWithoutVisionFlow(), null);
            return cached;
        } catch (IOException | RuntimeException e) {
            // The message of a JSON parse error quotes the offending token, which may be the private key.
            log.warn(
                    "event=health_config_unreadable path={} error_class={}",
                    path,
                    e.getClass().getSimpleName());
            return new ConfigFacts(
                    null,
                    0,
                    null,
                    0,
                    "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
