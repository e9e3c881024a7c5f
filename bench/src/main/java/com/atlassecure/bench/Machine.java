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
                + memTotal() + " RAM, load average at start " + load() + "; JVM " + System.getProperty("java.vm.name")
                + " " + Runtime.version() + "; xray " + xray.path() + " (" + version(xray) + ")";
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
