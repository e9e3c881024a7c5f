package com.atlassecure.bench;

import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.xray.XrayBinary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scale of the provisioning benchmark: add, update and remove with 1, 8 and 64 callers through the real API
 * against the real xray holding {@code scale} existing clients, then (at the reconcile scale) the reconcile
 * measurements, then the restart-based baseline on the same xray config, with K streams held open throughout.
 */
final class ProvisioningBench {
    private static final Pattern RECONCILED =
            Pattern.compile("event=reconciled reason=(\\w+) added=(\\d+) removed=(\\d+) replaced=(\\d+)");

    private static final int WARMUP_ROUNDS = 6;
    private static final long QUIET_JIT_MS = 50;

    private final BenchMain.Settings s;
    private final XrayBinary binary;
    private final Report report;

    ProvisioningBench(BenchMain.Settings s, XrayBinary binary, Report report) {
        this.s = s;
        this.binary = binary;
        this.report = report;
    }

    BenchMain.ScaleResult run(int scale, int index) {
        Log.line(
                "event=scale_start clients=%d load=%s speed_probe_ms=%d",
                scale, Machine.load(), Machine.speedProbeMs());
        long expiry = System.currentTimeMillis() + 30 * BenchMain.DAY_MS;
        long telegramBase = 1_000_000_000L + index * 10_000_000L;
        try (Scenario sc = new Scenario(binary, s.workDir(), "scale-" + scale, scale, null, s.held())) {
            long apiT0 = System.nanoTime();
            Map<String, Stats> ours = new LinkedHashMap<>();
            List<List<String>> rows = new ArrayList<>();
            long dropsBefore;
            long oursDrops;
            long changes = 0;
            long rssIdle;
            long rssAfter;
            long hwm;
            long apiStartMs;
            long configBytes;
            try (RunningApi api = sc.startApi(s.apiJar(), s.apiJvm(), s.apiEnv());
                    ApiClient client = new ApiClient(api.port(), Scenario.API_KEY)) {
                apiStartMs = BenchMain.since(apiT0).toMillis();
                rssIdle = Rss.currentKb(api.pid());
                warmUp(client, telegramBase, expiry);
                Log.line("event=settled after_ms=%d", Cpu.settle(api.pid(), 15_000));
                dropsBefore = sc.held.drops();
                Phases phases = new Phases(scale, api.pid(), sc.server.pid(), api.port(), ours, rows);
                long next = telegramBase + 100_000;
                for (int callers : s.callers()) {
                    int n = callers == 1 ? s.opsSingle() : s.ops();
                    List<BenchUser> users = Scenario.users(next, n);
                    next += n;
                    phases.measure("add", callers, 0, users, u -> client.add(u, expiry));
                    phases.measure("update", callers, 0, users, u -> client.update(u, expiry + BenchMain.DAY_MS));
                    phases.measure("remove", callers, 0, users, client::remove);
                }
                if (s.pacedRate() > 0) {
                    int callers = s.callers().get(s.callers().size() - 1);
                    List<BenchUser> users = Scenario.users(next, s.ops());
                    next += s.ops();
                    phases.measure("add", callers, s.pacedRate(), users, u -> client.add(u, expiry));
                    phases.measure("remove", callers, s.pacedRate(), users, client::remove);
                }
                changes = phases.ops();
                Pause.ms(2_500); // past the coalescing render delay, so config.json holds every change
                oursDrops = sc.held.drops() - dropsBefore;
                configBytes = sc.configBytes();
                rssAfter = Rss.currentKb(api.pid());
                hwm = Rss.peakKb(api.pid());
                if (scale == s.reconcileAt()) {
                    reconcile(sc, api, scale);
                }
            }
            report.table(
                    "Provisioning through the API, " + scale + " existing clients",
                    List.of(
                            "existing clients",
                            "op",
                            "callers",
                            "load",
                            "ops",
                            "ops/s",
                            "p50 ms",
                            "p99 ms",
                            "p99 ms inside the API (histogram bucket bound)",
                            "max ms",
                            "errors",
                            "CPU µs/op: API / xray / load generator",
                            "load generator JIT ms"),
                    rows);
            report.table(
                    "Cost of size, " + scale + " existing clients",
                    List.of(
                            "existing clients",
                            "config.json",
                            "xray start (config load)",
                            "API start (import + render + reconcile)",
                            "API RSS idle",
                            "API RSS after ops",
                            "API peak RSS",
                            "held streams dropped during our " + changes + " changes"),
                    List.of(List.of(
                            Integer.toString(scale),
                            String.format("%.1f MB", configBytes / 1e6),
                            sc.serverStartMs + " ms",
                            apiStartMs + " ms",
                            Rss.mb(rssIdle) + " MB",
                            Rss.mb(rssAfter) + " MB",
                            Rss.mb(hwm) + " MB",
                            oursDrops + " of " + s.held())));

            // The baseline runs on the same config file, now rendered by the API with every client.
            sc.server.stop();
            long baselineDropsBefore = sc.held.drops();
            List<Baseline.Change> baseline = new ArrayList<>();
            try (Baseline b = new Baseline(
                    binary.path(),
                    sc.server.configFile(),
                    sc.serverConfig.port(),
                    sc.dir.resolve("baseline-xray.log"))) {
                List<BenchUser> users = Scenario.users(telegramBase + 9_000_000, s.baselineChanges());
                long lastChangeEnd = System.nanoTime();
                for (BenchUser u : users) {
                    // Every customer is back online before the next change (not timed), so each restart meets all K
                    // streams open, as it would on a server whose customers stay connected.
                    if (!sc.held.awaitAllEchoedSince(lastChangeEnd, java.time.Duration.ofSeconds(60))) {
                        Log.line("event=baseline_streams_not_back connected=%d", sc.held.connected());
                    }
                    if (baseline.isEmpty()) {
                        baselineDropsBefore = sc.held.drops();
                    }
                    baseline.add(b.add(u, expiry));
                    lastChangeEnd = System.nanoTime();
                }
            }
            // Throughput counts only the time spent changing users, not the waits for customers to reconnect.
            long baselineWall = Baseline.total(baseline);
            // A stream that broke on the last restart notices within the read timeout.
            Pause.ms(HeldStreams.READ_TIMEOUT_MS + 500);
            long baselineDrops = sc.held.drops() - baselineDropsBefore;
            long[] totals =
                    baseline.stream().mapToLong(Baseline.Change::totalNanos).toArray();
            Stats bs = Stats.of("baseline add", 1, totals.clone(), 0, baselineWall);
            report.table(
                    "Baseline (rewrite config.json + restart xray per add), " + scale + " existing clients",
                    List.of(
                            "existing clients",
                            "changes",
                            "rewrite mean ms",
                            "restart mean ms",
                            "p50 ms",
                            "max ms",
                            "changes/s",
                            "held streams dropped"),
                    List.of(List.of(
                            Integer.toString(scale),
                            Integer.toString(baseline.size()),
                            Stats.ms((long) baseline.stream()
                                    .mapToLong(Baseline.Change::rewriteNanos)
                                    .average()
                                    .orElse(0)),
                            Stats.ms((long) baseline.stream()
                                    .mapToLong(Baseline.Change::restartNanos)
                                    .average()
                                    .orElse(0)),
                            Stats.ms(bs.p50()),
                            Stats.ms(bs.max()),
                            String.format("%.2f", bs.opsPerSecond()),
                            baselineDrops + " (" + s.held() + " held x " + baseline.size() + " restarts = "
                                    + (long) s.held() * baseline.size() + " possible)")));
            return new BenchMain.ScaleResult(
                    scale, ours, oursDrops, changes, baseline, baselineWall, baselineDrops, s.held());
        }
    }

    /**
     * Warms the API and this harness until the harness has stopped compiling. This JVM shares the two cores with the
     * API and xray, and its C2 compiles of the client's code ran on into the first scale's measured phases (641 ms
     * of JIT inside a 3.5 s single-caller phase), charging the API for the load generator's warm-up. Rounds repeat,
     * at most {@link #WARMUP_ROUNDS}, until one compiles for less than {@link #QUIET_JIT_MS}; each round removes
     * what it added, so the measured phases meet the same store.
     */
    private static void warmUp(ApiClient client, long telegramBase, long expiry) {
        List<BenchUser> users = Scenario.users(telegramBase, 3000);
        List<BenchUser> single = users.subList(0, 500);
        for (int round = 1; round <= WARMUP_ROUNDS; round++) {
            HarnessJvm before = HarnessJvm.now();
            for (int callers : new int[] {64, 8}) {
                LoadRunner.run("warmup-add", callers, users, u -> client.add(u, expiry));
                LoadRunner.run("warmup-update", callers, users, u -> client.update(u, expiry + BenchMain.DAY_MS));
                LoadRunner.run("warmup-remove", callers, users, client::remove);
            }
            LoadRunner.run("warmup-add", 1, single, u -> client.add(u, expiry));
            LoadRunner.run("warmup-update", 1, single, u -> client.update(u, expiry + BenchMain.DAY_MS));
            LoadRunner.run("warmup-remove", 1, single, client::remove);
            long jitMs = HarnessJvm.now().since(before).jitMs();
            Log.line("event=warmup round=%d harness_jit_ms=%d", round, jitMs);
            if (jitMs < QUIET_JIT_MS) {
                return;
            }
        }
    }

    /**
     * Two restarts of xray under the running API. (a) Xray starts with the config.json the API keeps rendered:
     * every user is already there, reconcile only has to list and compare. (b) Xray starts with a config whose
     * clients were stripped (a hand-edited or restored-from-old-backup file): reconcile must push every user back
     * over gRPC. Both are timed until GetInboundUsersCount reaches the store's count.
     */
    private void reconcile(Scenario sc, RunningApi api, int scale) {
        long expected = scale + 1;
        List<List<String>> rows = new ArrayList<>();
        for (boolean stripped : new boolean[] {false, true}) {
            // XrayWatch compares xray's start time in whole seconds with 2 s of slack: a second restart within a
            // few seconds of the first goes unnoticed until the reconcile timer. Space the two cases apart.
            Pause.ms(6_000);
            String rendered = sc.server.readConfig();
            sc.server.kill();
            if (stripped) {
                sc.server.writeConfig(stripClients(rendered));
            }
            LogWatcher watch = new LogWatcher(api.log());
            long t0 = System.nanoTime();
            sc.server.start(java.time.Duration.ofMinutes(3));
            long upMs = BenchMain.since(t0).toMillis();
            long countMs = -1;
            long detectedMs = -1;
            long reconciledMs = -1;
            String added = "?";
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline && (countMs < 0 || reconciledMs < 0)) {
                if (countMs < 0) {
                    try {
                        if (sc.liveCount() >= expected) {
                            countMs = BenchMain.since(t0).toMillis();
                        }
                    } catch (RuntimeException e) {
                        // xray busy or restarting: poll again
                    }
                }
                String log = watch.poll();
                if (detectedMs < 0
                        && (log.contains("event=xray_restart_detected") || log.contains("event=xray_users_drifted"))) {
                    detectedMs = BenchMain.since(t0).toMillis();
                }
                Matcher m = RECONCILED.matcher(log);
                if (reconciledMs < 0 && m.find()) {
                    reconciledMs = BenchMain.since(t0).toMillis();
                    added = m.group(2) + " (" + m.group(1) + ")";
                }
                Pause.ms(50);
            }
            rows.add(List.of(
                    stripped ? "config.json without the clients" : "config.json as the API rendered it",
                    Long.toString(expected),
                    upMs + " ms",
                    detectedMs + " ms",
                    countMs < 0 ? "not reached in 10 min" : countMs + " ms",
                    reconciledMs + " ms",
                    added,
                    Rss.currentKb(api.pid()) / 1024 + " / " + Rss.peakKb(api.pid()) / 1024 + " MB"));
            Log.line(
                    "event=reconcile stripped=%s up_ms=%d detected_ms=%d count_ms=%d reconciled_ms=%d added=%s",
                    stripped, upMs, detectedMs, countMs, reconciledMs, added);
        }
        report.table(
                "Reconcile after an xray restart, " + scale + " users",
                List.of(
                        "xray restarted with",
                        "users in the store",
                        "xray up (port + gRPC)",
                        "API noticed the restart",
                        "GetInboundUsersCount reached the store's count",
                        "API reconcile finished",
                        "users pushed",
                        "API RSS after / peak since start"),
                rows);
    }

    static String stripClients(String configJson) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(configJson);
            ((com.fasterxml.jackson.databind.node.ObjectNode)
                            root.path("inbounds").path(0).path("settings"))
                    .putArray("clients");
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
