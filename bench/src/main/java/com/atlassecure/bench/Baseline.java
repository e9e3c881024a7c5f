package com.atlassecure.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The audited way to add a customer: read config.json, append the client, write the file back, restart xray (stop
 * it, start it, wait until its inbound port accepts again). The harness owns this xray process so that it can poll
 * the port every 5 ms; the restart is what {@code systemctl restart xray} does, minus systemd's own overhead.
 */
final class Baseline implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path xrayBin;
    private final Path config;
    private final int port;
    private final Path log;
    private Process process;

    /** Per change: the time to rewrite the file and the time for xray to be back, both in ns. */
    record Change(long rewriteNanos, long restartNanos) {
        long totalNanos() {
            return rewriteNanos + restartNanos;
        }
    }

    Baseline(Path xrayBin, Path config, int port, Path log) {
        this.xrayBin = xrayBin;
        this.config = config;
        this.port = port;
        this.log = log;
        startAndAwait();
    }

    Change add(BenchUser user, long expiryMs) {
        long t0 = System.nanoTime();
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(config.toFile());
            ArrayNode clients =
                    (ArrayNode) root.path("inbounds").path(0).path("settings").path("clients");
            clients.addObject()
                    .put("id", user.uuid())
                    .put("email", user.email())
                    .put("flow", "xtls-rprx-vision")
                    .put("expiryTime", expiryMs);
            Files.write(config, MAPPER.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("baseline cannot rewrite " + config, e);
        }
        long t1 = System.nanoTime();
        stop();
        startAndAwait();
        return new Change(t1 - t0, System.nanoTime() - t1);
    }

    private void startAndAwait() {
        try {
            process = new ProcessBuilder(xrayBin.toString(), "run", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + xrayBin, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("baseline xray did not come back on port " + port + "; see " + log);
            }
            Pause.ms(5);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long total(List<Change> changes) {
        return changes.stream().mapToLong(Change::totalNanos).sum();
    }

    @Override
    public void close() {
        stop();
    }
}
