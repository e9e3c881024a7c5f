package com.atlassecure.bench;

import java.util.List;
import java.util.Map;

/** Runs and records the measured phases of one scale: stats, CPU per operation, and a table row each. */
final class Phases {
    private final int scale;
    private final long apiPid;
    private final long xrayPid;
    private final int apiPort;
    private final Map<String, Stats> byKey;
    private final List<List<String>> rows;
    private int ops;

    Phases(int scale, long apiPid, long xrayPid, int apiPort, Map<String, Stats> byKey, List<List<String>> rows) {
        this.scale = scale;
        this.apiPid = apiPid;
        this.xrayPid = xrayPid;
        this.apiPort = apiPort;
        this.byKey = byKey;
        this.rows = rows;
    }

    /** {@code rate} 0 = closed loop; otherwise the offered operations per second (open loop). */
    <T> Stats measure(String name, int callers, double rate, List<T> items, LoadRunner.Op<T> op) {
        String route = "/" + name + "-user";
        Map<Double, Double> histogramBefore = ServerLatency.scrape(apiPort, route);
        Cpu.Sample before = Cpu.Sample.of(apiPid, xrayPid);
        HarnessJvm harnessBefore = HarnessJvm.now();
        Stats st = LoadRunner.run(name, callers, items, op, rate);
        String cpu = Cpu.Sample.of(apiPid, xrayPid).perOp(before, st.ops());
        HarnessJvm harness = HarnessJvm.now().since(harnessBefore);
        long serverP99 = ServerLatency.quantileBoundNanos(histogramBefore, ServerLatency.scrape(apiPort, route), 0.99);
        String load = rate > 0 ? String.format("%.0f/s offered", rate) : "closed loop";
        byKey.put(name + "/" + callers + (rate > 0 ? "@" + (long) rate : ""), st);
        ops += st.ops();
        rows.add(List.of(
                Integer.toString(scale),
                name,
                Integer.toString(callers),
                load,
                Integer.toString(st.ops()),
                String.format("%.0f", st.opsPerSecond()),
                Stats.ms(st.p50()),
                Stats.ms(st.p99()),
                "≤ " + Stats.ms(serverP99),
                Stats.ms(st.max()),
                Integer.toString(st.errors()),
                cpu,
                Long.toString(harness.jitMs())));
        Log.line(
                "clients=%d op=%s callers=%d load=%s ops/s=%.0f p50=%s p99=%s api_p99<=%s max=%s errors=%d"
                        + " cpu_us_per_op(api/xray/harness)=%s harness_jit_ms=%d harness_gc_ms=%d",
                scale,
                name,
                callers,
                load,
                st.opsPerSecond(),
                Stats.ms(st.p50()),
                Stats.ms(st.p99()),
                Stats.ms(serverP99),
                Stats.ms(st.max()),
                st.errors(),
                cpu,
                harness.jitMs(),
                harness.gcMs());
        return st;
    }

    int ops() {
        return ops;
    }
}
