package com.atlassecure.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The API as production runs it: {@code java -jar atlas-api.jar <command>} in its own process, configured only by
 * its environment (which starts empty but for PATH, like a systemd unit's). stdout and stderr go to one file, which
 * the journey scans for secrets at the end. Not thread-safe.
 */
final class ApiProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    /** What a one-shot command (init, doctor) did. */
    record CommandResult(int exitCode, String output) {}

    private final Process process;
    private final Path logFile;
    private final URI baseUrl;

    private ApiProcess(Process process, Path logFile, URI baseUrl) {
        this.process = process;
        this.logFile = logFile;
        this.baseUrl = baseUrl;
    }

    /** Runs {@code atlas-api <args>} to completion; output is stdout and stderr together. */
    static CommandResult run(Path jar, Map<String, String> env, Path workDir, String... args) {
        Path output = workDir.resolve("atlas-api-" + args[0] + "-" + System.nanoTime() + ".out");
        Process process = launch(jar, env, workDir, output, args);
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("atlas-api " + args[0] + " did not exit within " + COMMAND_TIMEOUT
                        + "; output:\n" + read(output));
            }
            return new CommandResult(process.exitValue(), read(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while atlas-api " + args[0] + " ran", e);
        }
    }

    /** Starts {@code atlas-api serve} and returns once {@code GET /health} answers 200. */
    static ApiProcess serve(Path jar, Map<String, String> env, Path workDir, URI baseUrl) {
        Path logFile = workDir.resolve("atlas-api-serve.log");
        ApiProcess api = new ApiProcess(launch(jar, env, workDir, logFile, "serve"), logFile, baseUrl);
        try {
            api.awaitHealthy();
        } catch (RuntimeException | Error e) {
            api.close();
            throw e;
        }
        return api;
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** Everything the process wrote so far. */
    String log() {
        return read(logFile);
    }

    private void awaitHealthy() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUrl.resolve("/health"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("atlas-api serve exited with " + process.exitValue()
                        + " before it was healthy; its output:\n" + log());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the API", e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("atlas-api serve was not healthy within " + READY_TIMEOUT + " (last: " + last
                + "); its output:\n" + log());
    }

    /** SIGTERM, as systemd stops it, so its shutdown logs are part of the scan; SIGKILL after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Process launch(Path jar, Map<String, String> env, Path workDir, Path output, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("LANG", "C.UTF-8"); // as a systemd unit gets from the system locale
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // A crashed test JVM must not leave an API holding its port for the next run.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "atlas-api-reaper"));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
