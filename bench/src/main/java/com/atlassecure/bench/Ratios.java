package com.atlassecure.bench;

import java.util.ArrayList;
import java.util.List;

/** The headline comparison: our add-user against the restart-based baseline, at every scale measured so far. */
final class Ratios {
    private Ratios() {}

    static void report(Report report, List<BenchMain.ScaleResult> results) {
        List<List<String>> rows = new ArrayList<>();
        for (BenchMain.ScaleResult r : results) {
            if (r.baseline().isEmpty()) {
                continue;
            }
            long[] totals =
                    r.baseline().stream().mapToLong(Baseline.Change::totalNanos).toArray();
            Stats base = Stats.of("baseline", 1, totals, 0, r.baselineWallNanos());
            Stats single = r.ours().get("add/1");
            Stats widest = widest(r);
            rows.add(List.of(
                    Integer.toString(r.scale()),
                    single == null ? "n/a" : Stats.ms(single.p50()) + " / " + Stats.ms(base.p50()),
                    single == null ? "n/a" : String.format("%.0fx faster", (double) base.p50() / single.p50()),
                    widest == null
                            ? "n/a"
                            : String.format(
                                    "%.0f (%d callers) / %.2f",
                                    widest.opsPerSecond(), widest.callers(), base.opsPerSecond()),
                    widest == null ? "n/a" : String.format("%.0fx", widest.opsPerSecond() / base.opsPerSecond()),
                    r.oursDrops() + " in " + r.oursChanges() + " changes / " + r.baselineDrops() + " in "
                            + r.baseline().size() + " changes"));
        }
        report.table(
                "Ratios, ours / baseline (add-user)",
                List.of(
                        "existing clients",
                        "p50 latency, 1 caller: ours / baseline (ms)",
                        "latency ratio",
                        "throughput: ours / baseline (adds/s)",
                        "throughput ratio",
                        "held streams dropped: ours / baseline"),
                rows);
    }

    private static Stats widest(BenchMain.ScaleResult r) {
        Stats best = null;
        for (var e : r.ours().entrySet()) {
            if (e.getKey().startsWith("add/") && (best == null || e.getValue().callers() > best.callers())) {
                best = e.getValue();
            }
        }
        return best;
    }
}
