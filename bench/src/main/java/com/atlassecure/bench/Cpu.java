package com.atlassecure.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system, from /proc/PID/stat). On a shared, noisy machine the CPU an operation
 * costs is steadier than its latency, because waiting for a core does not count.
 */
final class Cpu {
    private static final long TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

    private Cpu() {}

    /** Milliseconds of CPU the process has used so far; -1 when it is gone. */
    static long ms(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] is state (field 3), so utime (field 14) is f[11] and stime f[12]
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Waits until the process has been nearly idle (under 10% of a core) for half a second, or {@code maxMs}
     * passed; returns how long it waited. Work a warm-up leaves behind (renders, the session closer's queue after
     * thousands of removals) would otherwise be charged to the first measured phase.
     */
    static long settle(long pid, long maxMs) {
        long start = System.nanoTime();
        long deadline = start + maxMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            long before = ms(pid);
            Pause.ms(500);
            if (ms(pid) - before <= 50) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A snapshot of the API's, xray's and this harness's CPU, to subtract from a later one. */
    record Sample(long apiMs, long xrayMs, long harnessMs) {
        static Sample of(long apiPid, long xrayPid) {
            return new Sample(
                    ms(apiPid), ms(xrayPid), ms(ProcessHandle.current().pid()));
        }

        /** "API / xray / harness" µs per operation over {@code ops} operations since {@code before}. */
        String perOp(Sample before, int ops) {
            if (ops == 0) {
                return "n/a";
            }
            return String.format(
                    "%.0f / %.0f / %.0f",
                    (apiMs - before.apiMs) * 1000.0 / ops,
                    (xrayMs - before.xrayMs) * 1000.0 / ops,
                    (harnessMs - before.harnessMs) * 1000.0 / ops);
        }
    }
}
