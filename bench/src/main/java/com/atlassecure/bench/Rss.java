package com.atlassecure.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident memory from /proc/PID/status (Linux only); -1 when it cannot. */
final class Rss {
    private Rss() {}

    /** VmRSS in KiB: what the process holds in RAM right now. */
    static long currentKb(long pid) {
        return field(pid, "VmRSS:");
    }

    /** VmHWM in KiB: the peak resident set since the process started. */
    static long peakKb(long pid) {
        return field(pid, "VmHWM:");
    }

    static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format("%.0f", kb / 1024.0);
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(
                            line.substring(name.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
