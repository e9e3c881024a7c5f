package com.atlassecure.bench;

import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One paragraph about where the numbers came from: CPU, cores, RAM, load, JVM, xray version. */
final class Machine {
    private Machine() {}

    static String describe(XrayBinary xray) {
        return "Machine: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + memTotal() + " RAM, load average at start " + load() + ", speed probe " + speedProbeMs()
                + " ms (lower is faster); JVM " + System.getProperty("java.vm.name")
                + " " + Runtime.version() + "; xray " + xray.path() + " (" + version(xray) + ")";
    }

    private static volatile long sink;
    private static int[] chase;

    /**
     * Milliseconds for a fixed single-threaded workload, best of three: 100 M dependent multiply-adds, then 5 M
     * dependent loads at random over 32 MB. The second part is what neighbours on this shared host slow down (the
     * first barely moves); the probe printed next to each scale's figures says which state the machine was in.
     */
    static long speedProbeMs() {
        if (chase == null) {
            int n = 8 << 20; // 8 M ints = 32 MB, far beyond the caches
            chase = new int[n];
            for (int k = 0; k < n; k++) {
                chase[k] = k;
            }
            java.util.Random random = new java.util.Random(42);
            for (int k = n - 1; k > 0; k--) { // Sattolo: one cycle through every slot
                int other = random.nextInt(k);
                int t = chase[k];
                chase[k] = chase[other];
                chase[other] = t;
            }
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long h = 0;
            for (int i = 0; i < 100_000_000; i++) {
                h = h * 31 + i; // a serial dependency: no vectorising
            }
            int at = 0;
            for (int i = 0; i < 5_000_000; i++) {
                at = chase[at];
            }
            sink = h + at;
            best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
        }
        return best;
    }

    static String load() {
        return read("/proc/loadavg").split(" ", 4).length >= 3
                ? String.join(" ", java.util.Arrays.copyOf(read("/proc/loadavg").split(" "), 3))
                : "n/a";
    }

    private static String version(XrayBinary xray) {
        try {
            return xray.version();
        } catch (RuntimeException e) {
            return "version unknown";
        }
    }

    private static String cpu() {
        return read("/proc/cpuinfo")
                .lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown CPU");
    }

    private static String memTotal() {
        return read("/proc/meminfo")
                .lines()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> String.format("%.0f GB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .findFirst()
                .orElse("unknown");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
