package com.atlassecure.bench;

import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.xray.XrayBinary;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expiry sweep: N customers whose expiry passes at one instant, EXPIRY_SWEEP_INTERVAL=1s, and a live customer's
 * K held streams measured before and during the sweep (round-trip times, drops).
 */
final class SweepBench {
    private static final Pattern SWEPT = Pattern.compile("event=expiry_sweep removed=(\\d+)");
    private static final long LEAD_MS = 45_000;
    private static final long WINDOW_MS = 5_000;

    private final BenchMain.Settings s;
    private final XrayBinary binary;
    private final Report report;

    SweepBench(BenchMain.Settings s, XrayBinary binary, Report report) {
        this.s = s;
        this.binary = binary;
        this.report = report;
    }

    void run(int expiring) {
        Log.line("event=sweep_start expiring=%d", expiring);
        long expiryMs = System.currentTimeMillis() + LEAD_MS;
        try (Scenario sc = new Scenario(binary, s.workDir(), "sweep-" + expiring, expiring, expiryMs, s.held());
                RunningApi api = sc.startApi(s.apiJar(), s.apiJvm(), Map.of("EXPIRY_SWEEP_INTERVAL", "1s"))) {
            long untilWindow = expiryMs - WINDOW_MS - System.currentTimeMillis();
            if (untilWindow < 0) {
                Log.line("event=sweep_setup_slow late_ms=%d (the 'before' window is shorter)", -untilWindow);
            }
            Pause.ms(Math.max(0, untilWindow));
            sc.held.drainRtts();
            long dropsBefore = sc.held.drops();
            Pause.ms(Math.max(0, expiryMs - System.currentTimeMillis()));
            long[] before = sc.held.drainRtts();
            long dropsAtExpiry = sc.held.drops();
            LogWatcher watch = new LogWatcher(api.log());
            long t0 = System.nanoTime();
            long firstMs = -1;
            long doneMs = -1;
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline && doneMs < 0) {
                long live;
                try {
                    live = sc.liveCount();
                } catch (RuntimeException e) {
                    Pause.ms(20);
                    continue;
                }
                if (firstMs < 0 && live < expiring + 1) {
                    firstMs = BenchMain.since(t0).toMillis();
                }
                if (live <= 1) {
                    doneMs = BenchMain.since(t0).toMillis();
                }
                Pause.ms(20);
            }
            long[] during = sc.held.drainRtts();
            long dropsDuring = sc.held.drops() - dropsAtExpiry;
            // The API logs the sweep once every awaited removal committed.
            String swept = "?";
            for (int i = 0; i < 100 && swept.equals("?"); i++) {
                Matcher m = SWEPT.matcher(watch.poll());
                if (m.find()) {
                    swept = m.group(1);
                } else {
                    Pause.ms(100);
                }
            }
            Stats b = Stats.of("before", s.held(), before, 0, WINDOW_MS * 1_000_000L);
            Stats d = Stats.of("during", s.held(), during, 0, Math.max(1, doneMs - firstMs) * 1_000_000L);
            report.table(
                    "Expiry sweep of " + expiring + " users (EXPIRY_SWEEP_INTERVAL=1s)",
                    List.of(
                            "expired users",
                            "expiry -> first live removal",
                            "first -> last live removal",
                            "expiry -> all removed",
                            "removed (API log)",
                            "held-stream round trips before (5 s): n, p50 / p99 / max ms",
                            "during the sweep: n, p50 / p99 / max ms",
                            "held streams dropped before / during"),
                    List.of(List.of(
                            Integer.toString(expiring),
                            firstMs + " ms",
                            (doneMs < 0 ? "not done" : (doneMs - firstMs) + " ms"),
                            doneMs + " ms",
                            swept,
                            b.ops() + ", " + Stats.ms(b.p50()) + " / " + Stats.ms(b.p99()) + " / " + Stats.ms(b.max()),
                            d.ops() + ", " + Stats.ms(d.p50()) + " / " + Stats.ms(d.p99()) + " / " + Stats.ms(d.max()),
                            (dropsAtExpiry - dropsBefore) + " / " + dropsDuring)));
        }
    }
}
