package com.atlassecure.api.egress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A network namespace of the test's own ({@code ip netns}), with lo up and holding the stand-in public addresses
 * (no dummy module needed), and its own /etc/resolv.conf (which {@code ip netns exec} bind-mounts). {@link #close()}
 * kills what still runs inside and deletes the namespace and its /etc/netns directory, also after a failure.
 */
final class Netns implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Path etc;

    private Netns(String name) {
        this.name = name;
        this.etc = Path.of("/etc/netns", name);
    }

    static Netns create(String resolver, List<String> addresses) throws IOException, InterruptedException {
        Netns ns = new Netns("atlas-egress-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            run(List.of("ip", "netns", "add", ns.name));
            Files.createDirectories(ns.etc);
            Files.writeString(ns.etc.resolve("resolv.conf"), "nameserver " + resolver + "\n", StandardCharsets.UTF_8);
            ns.exec("ip", "link", "set", "lo", "up");
            for (String address : addresses) {
                if (address.contains(":")) {
                    ns.exec("ip", "-6", "addr", "add", address + "/128", "dev", "lo", "nodad");
                } else {
                    ns.exec("ip", "addr", "add", address + "/32", "dev", "lo");
                }
            }
            return ns;
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** Runs a command inside the namespace; throws with its output when it fails. */
    String exec(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(command));
        return run(argv);
    }

    /** Runs a command inside the namespace and returns its exit code and output, without judging them. */
    Output execAllowingFailure(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(command);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[][] holder = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                holder[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                holder[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String output = holder[0] == null ? "" : new String(holder[0], StandardCharsets.UTF_8);
        return new Output(exited ? process.exitValue() : -1, output);
    }

    record Output(int exitCode, String text) {}

    @Override
    public void close() {
        try {
            // Whatever the test started in here and left behind (xray after a crashed lab JVM).
            String pids = run(List.of("ip", "netns", "pids", name));
            for (String pid : pids.split("\\s+")) {
                if (pid.matches("[0-9]+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the namespace may not exist yet
        }
        try {
            run(List.of("ip", "netns", "del", name));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // already gone
        }
        try (Stream<Path> paths = Files.exists(etc) ? Files.walk(etc) : Stream.empty()) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
