package com.atlassecure.bench;

import java.util.Arrays;

/** Throughput and latency percentiles of one measured phase, computed from every raw sample (no histogram). */
record Stats(String name, int callers, int ops, int errors, long wallNanos, long p50, long p99, long max, long mean) {

    /** {@code latencies} in nanoseconds, one per finished operation; sorted in place. */
    static Stats of(String name, int callers, long[] latencies, int errors, long wallNanos) {
        Arrays.sort(latencies);
        int n = latencies.length;
        long sum = 0;
        for (long l : latencies) {
            sum += l;
        }
        return new Stats(
                name,
                callers,
                n,
                errors,
                wallNanos,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                n == 0 ? 0 : latencies[n - 1],
                n == 0 ? 0 : sum / n);
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    double opsPerSecond() {
        return wallNanos == 0 ? 0 : ops * 1e9 / wallNanos;
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format("%.0f", ms) : ms >= 10 ? String.format("%.1f", ms) : String.format("%.2f", ms);
    }
}
