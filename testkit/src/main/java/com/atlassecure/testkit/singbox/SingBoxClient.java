package com.atlassecure.testkit.singbox;

import com.atlassecure.testkit.xray.FreePorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real sing-box process acting as a customer's app: a SOCKS inbound on loopback and one VLESS + REALITY outbound.
 * Built from {@link Settings} that a test parsed from a share link, or run on a full config the API produced.
 * Not thread-safe; one test drives it.
 */
public final class SingBoxClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    // A JVM that dies without close() must not leave sing-box holding its port.
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "sing-box-reaper"));
    }

    /** What a VLESS + REALITY outbound needs, as a share link carries it. */
    public record Settings(
            String server,
            int serverPort,
            String uuid,
            String flow,
            String serverName,
            String fingerprint,
            String publicKey,
            String shortId) {
        public Settings {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(serverName, "serverName");
            Objects.requireNonNull(publicKey, "publicKey");
            flow = flow == null ? "" : flow;
            fingerprint = fingerprint == null ? "chrome" : fingerprint;
            shortId = shortId == null ? "" : shortId;
        }
    }

    private final Process process;
    private final Path dir;
    private final Path logFile;
    private final int socksPort;

    private SingBoxClient(Process process, Path dir, Path logFile, int socksPort) {
        this.process = process;
        this.dir = dir;
        this.logFile = logFile;
        this.socksPort = socksPort;
    }

    /** Starts sing-box with a SOCKS inbound on a free loopback port and one outbound built from {@code settings}. */
    public static SingBoxClient start(SingBoxBinary binary, Settings settings) {
        int socksPort = FreePorts.loopbackPort();
        ObjectNode root = JSON.createObjectNode();
        root.putObject("log").put("level", "warn");
        root.putArray("inbounds").add(socksInbound(socksPort));
        root.putArray("outbounds").add(outbound(settings));
        return run(binary, root, socksPort);
    }

    /**
     * Starts sing-box on a client config produced elsewhere (for example by the API), with its inbounds replaced by
     * one SOCKS inbound on a free loopback port, so the test decides where it listens.
     */
    public static SingBoxClient startWithConfig(SingBoxBinary binary, ObjectNode config) {
        int socksPort = FreePorts.loopbackPort();
        ObjectNode root = config.deepCopy();
        root.putArray("inbounds").add(socksInbound(socksPort));
        return run(binary, root, socksPort);
    }

    private static ObjectNode socksInbound(int port) {
        return JSON.createObjectNode()
                .put("type", "socks")
                .put("tag", "socks-in")
                .put("listen", "127.0.0.1")
                .put("listen_port", port);
    }

    private static ObjectNode outbound(Settings s) {
        ObjectNode out = JSON.createObjectNode();
        out.put("type", "vless").put("tag", "proxy").put("server", s.server()).put("server_port", s.serverPort());
        out.put("uuid", s.uuid());
        if (!s.flow().isEmpty()) {
            out.put("flow", s.flow());
        }
        ObjectNode tls = out.putObject("tls");
        tls.put("enabled", true).put("server_name", s.serverName());
        tls.putObject("utls").put("enabled", true).put("fingerprint", s.fingerprint());
        tls.putObject("reality")
                .put("enabled", true)
                .put("public_key", s.publicKey())
                .put("short_id", s.shortId());
        return out;
    }

    private static SingBoxClient run(SingBoxBinary binary, ObjectNode config, int socksPort) {
        Path dir;
        Process process;
        Path log;
        try {
            dir = Files.createTempDirectory("atlas-sing-box-");
            Path configFile = dir.resolve("config.json");
            Files.writeString(configFile, JSON.writeValueAsString(config), StandardCharsets.UTF_8);
            log = dir.resolve("sing-box.log");
            process = new ProcessBuilder(
                            binary.path().toString(), "run", "-c", configFile.toString(), "-D", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary.path(), e);
        }
        LIVE.add(process);
        process.onExit().thenAccept(LIVE::remove);
        SingBoxClient client = new SingBoxClient(process, dir, log, socksPort);
        client.awaitSocks();
        return client;
    }

    private void awaitSocks() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IllegalStateException("sing-box exited " + process.exitValue() + " at start:\n" + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", socksPort), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        String log = log();
        close();
        throw new IllegalStateException("sing-box did not open SOCKS port " + socksPort + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + log);
    }

    public int socksPort() {
        return socksPort;
    }

    /** The process's output so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless; the process is what must not leak
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sing-box", e);
        }
    }
}
