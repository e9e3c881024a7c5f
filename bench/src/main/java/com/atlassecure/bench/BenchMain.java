package com.atlassecure.bench;

import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every benchmark of docs/BENCHMARKS.md in one JVM, against the real xray and the real API and bot jars, and
 * writes the tables to {@code bench.out}. Every loop is bounded by a count or a deadline.
 */
public final class BenchMain {
    static final long DAY_MS = 86_400_000L;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fromSystemProperties();
        XrayBinary binary = XrayBinary.require();
        Files.createDirectories(s.workDir());
        Report report = new Report(s.out());
        report.text("## Run " + Instant.now() + "\n\n" + Machine.describe(binary) + "\n\nSettings: " + s);
        List<ScaleResult> results = new ArrayList<>();
        int index = 0;
        for (int scale : s.scales()) {
            results.add(new ProvisioningBench(s, binary, report).run(scale, index++));
            Ratios.report(report, results);
        }
        if (s.sweep() > 0) {
            new SweepBench(s, binary, report).run(s.sweep());
        }
        if (s.fleet() > 0) {
            new FleetBench(s, binary, report).run(s.fleet(), s.fleetSample());
        }
        if (s.fleetNodes() > 0) {
            new FleetDeliveryBench(s, binary, report).run(s.fleetNodes(), s.fleetPayments());
        }
        if (s.catchUpChanges() > 0) {
            new FleetCatchUpBench(s, binary, report).run(s.catchUpChanges());
        }
        if (s.bot()) {
            new BotBench(s, report).run();
        }
        Log.line("event=done results=%s", s.out());
        System.exit(0);
    }

    /** The run's knobs, from -Dbench.* system properties (see bench/pom.xml for the defaults). */
    record Settings(
            Path apiJar,
            Path botJar,
            List<Integer> scales,
            List<Integer> callers,
            int ops,
            int opsSingle,
            int held,
            int baselineChanges,
            int reconcileAt,
            int sweep,
            int fleet,
            int fleetSample,
            int fleetNodes,
            int fleetPayments,
            int catchUpChanges,
            boolean bot,
            int botUpdates,
            double pacedRate,
            List<String> apiJvm,
            Map<String, String> apiEnv,
            Path out,
            Path workDir) {

        static Settings fromSystemProperties() throws IOException {
            Path work = Path.of(System.getProperty("bench.workDir", "target/bench-work"));
            return new Settings(
                    Path.of(System.getProperty("bench.apiJar", "api/target/atlas-api.jar")),
                    Path.of(System.getProperty("bench.botJar", "bot/target/atlas-bot.jar")),
                    ints(System.getProperty("bench.scales", "0,10000,100000")),
                    ints(System.getProperty("bench.callers", "1,8,64")),
                    Integer.getInteger("bench.ops", 2000),
                    Integer.getInteger("bench.opsSingle", 2000),
                    Integer.getInteger("bench.held", 20),
                    Integer.getInteger("bench.baselineChanges", 20),
                    Integer.getInteger("bench.reconcile", 100_000),
                    Integer.getInteger("bench.sweep", 10_000),
                    Integer.getInteger("bench.fleet", 100_000),
                    Integer.getInteger("bench.fleetSample", 5_000),
                    Integer.getInteger("bench.fleetNodes", 5),
                    Integer.getInteger("bench.fleetPayments", 200),
                    Integer.getInteger("bench.catchUpChanges", 1000),
                    Boolean.parseBoolean(System.getProperty("bench.bot", "true")),
                    Integer.getInteger("bench.botUpdates", 3000),
                    Double.parseDouble(System.getProperty("bench.pacedRate", "1000")),
                    Arrays.stream(System.getProperty("bench.apiJvm", "").trim().split("\\s+"))
                            .filter(a -> !a.isEmpty())
                            .toList(),
                    pairs(System.getProperty("bench.apiEnv", "")),
                    Path.of(System.getProperty("bench.out", "target/bench-results.md")),
                    work.resolve("run-" + System.currentTimeMillis()));
        }

        /** {@code K=V,K=V}: extra API environment for an experiment, such as CONFIG_RENDER_DELAY=10m. */
        private static Map<String, String> pairs(String csv) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String pair : csv.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bench.apiEnv wants K=V pairs, got: " + pair);
                }
                env.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return Map.copyOf(env);
        }

        private static List<Integer> ints(String csv) {
            return Arrays.stream(csv.split(","))
                    .map(String::strip)
                    .filter(v -> !v.isEmpty())
                    .map(Integer::valueOf)
                    .toList();
        }
    }

    /** What one scale measured, for the ratio table. */
    record ScaleResult(
            int scale,
            Map<String, Stats> ours,
            long oursDrops,
            long oursChanges,
            List<Baseline.Change> baseline,
            long baselineWallNanos,
            long baselineDrops,
            int held) {}

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
