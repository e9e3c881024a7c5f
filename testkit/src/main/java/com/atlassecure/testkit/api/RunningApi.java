package com.atlassecure.testkit.api;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One {@code atlas-api serve} process a test started: its log, its readiness, and the ways it can be stopped. */
public final class RunningApi implements AutoCloseable {
    /** When a starting API counts as up. */
    public enum Ready {
        /** {@code /health} answers at all (the HTTP server starts last, after store, render and reconcile). */
        ANSWERS,
        /** {@code /health} answers 200. */
        HEALTHY
    }

    private final Process process;
    private final Path log;
    private final URI baseUrl;
    private final Duration stopGrace;

    RunningApi(Process process, Path log, URI baseUrl, Duration stopGrace) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.stopGrace = stopGrace;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return baseUrl.getPort();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Everything the process wrote so far. */
    public String logText() {
        return read(log);
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    void awaitReady(Duration timeout, Ready ready) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUrl.resolve("/health"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("atlas-api serve exited with " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + tail(60));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (ready == Ready.ANSWERS || response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the API", e);
            }
            pause(100);
        }
        throw new IllegalStateException("atlas-api serve was not ready (" + ready + ") within " + timeout + " (last: "
                + last + "); log:\n" + tail(60));
    }

    /** SIGKILL, as the OOM killer or a power cut would: no shutdown hook, no final render. Waits until it is gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the API survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as systemd stops it, so its shutdown runs and logs; SIGKILL if it is still there after {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** {@link #stop} with the launcher's grace. */
    @Override
    public void close() {
        stop(stopGrace);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
