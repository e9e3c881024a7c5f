package com.atlassecure.bench;

import com.atlassecure.testkit.api.ApiLauncher;
import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured setup on loopback: a REALITY target, the server xray with {@code seeded} existing clients (written
 * into its config.json, which the API imports at its first start, as when migrating from the audited system) plus
 * one "held" customer, a client xray for that customer, an echo server and K held streams through the tunnel.
 */
final class Scenario implements AutoCloseable {
    static final String API_KEY = "bench-api-key-0123456789abcdef0123456789abcdef";
    static final long HELD_TELEGRAM_ID = 999_999_999L;

    final XrayBinary binary;
    final RealityTarget target;
    final TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
    final String shortId = TestRealityKeys.newShortId();
    final RealityServerConfig serverConfig;
    final XrayProcess server;
    final BenchUser heldUser = BenchUser.of(HELD_TELEGRAM_ID);
    final EchoServer echo;
    final XrayProcess client;
    final HeldStreams held;
    final Path dir;
    final int seeded;
    final long serverStartMs;

    Scenario(XrayBinary binary, Path workDir, String name, int seeded, Long seedExpiryMs, int heldStreams) {
        this.binary = binary;
        this.seeded = seeded;
        try {
            this.dir = Files.createDirectories(workDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.target = RealityTarget.start();
        this.serverConfig = RealityServerConfig.builder()
                .reality(target, keys)
                .shortIds(shortId)
                .logLevel("warning");
        for (int i = 1; i <= seeded; i++) {
            serverConfig.client(BenchUser.of(i).uuid(), "user_" + i, RealityServerConfig.VISION);
        }
        serverConfig.client(heldUser.uuid(), heldUser.email(), RealityServerConfig.VISION);
        ObjectNode config = serverConfig.build();
        if (seedExpiryMs != null) {
            for (JsonNode c : config.path("inbounds").path(0).path("settings").path("clients")) {
                if (!c.path("email").asText().equals(heldUser.email())) {
                    ((ObjectNode) c).put("expiryTime", seedExpiryMs);
                }
            }
        }
        this.server = XrayProcess.create(binary, config);
        long t0 = System.nanoTime();
        server.start(Duration.ofMinutes(3));
        this.serverStartMs = (System.nanoTime() - t0) / 1_000_000;
        Log.line(
                "event=server_started scenario=%s clients=%d start_ms=%d config_bytes=%d",
                name, seeded + 1, serverStartMs, configBytes());
        this.echo = new EchoServer();
        RealityClientConfig clientConfig = RealityClientConfig.builder()
                .server(serverConfig, keys.publicKey())
                .shortId(shortId)
                .userId(heldUser.uuid())
                .logLevel("warning");
        this.client = XrayProcess.create(binary, clientConfig.build()).start();
        this.held = new HeldStreams(clientConfig.socksPort(), echo.port(), heldStreams);
        if (heldStreams > 0 && !held.awaitAllConnected(Duration.ofSeconds(90))) {
            throw new IllegalStateException("only " + held.connected() + " of " + heldStreams
                    + " held streams connected; server log:\n" + server.log());
        }
    }

    long configBytes() {
        try {
            return Files.size(server.configFile());
        } catch (IOException e) {
            return -1;
        }
    }

    long liveCount() {
        return server.inboundUsersCount(serverConfig.tag());
    }

    /** Starts the API from its jar against this server, as its systemd unit would (plus the given settings). */
    RunningApi startApi(Path jar, List<String> jvmOptions, Map<String, String> extraEnv) {
        return startApi(jar, jvmOptions, extraEnv, FreePorts.loopbackPort());
    }

    /** As above, on {@code port}: an API started again where its clients expect it. */
    RunningApi startApi(Path jar, List<String> jvmOptions, Map<String, String> extraEnv, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("XRAY_API_KEY", API_KEY);
        env.put("XRAY_CONFIG_PATH", server.configFile().toString());
        env.put("XRAY_INBOUND_TAG", serverConfig.tag());
        env.put("XRAY_GRPC_ADDRESS", server.apiAddress());
        env.put("XRAY_SERVER_HOST", "127.0.0.1");
        env.put("XRAY_PORT", Integer.toString(serverConfig.port()));
        env.put("XRAY_SNI", serverConfig.serverName());
        env.put("XRAY_PUBLIC_KEY", keys.publicKey());
        env.put("XRAY_SHORT_ID", shortId);
        env.put("API_LISTEN", "127.0.0.1:" + port);
        env.put("API_DATA_DIR", dir.resolve("api-data").toString());
        env.put("XRAY_BIN", binary.path().toString());
        // The bench is one client IP sending thousands of requests a second; production keeps its per-IP limit.
        env.put("API_RATE_LIMIT_PER_MINUTE", "1000000");
        // As deploy/systemd/atlas-api.service sets them: fewer glibc arenas, large buffers returned to the OS.
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("MALLOC_MMAP_THRESHOLD_", "131072");
        env.putAll(extraEnv);
        long t0 = System.nanoTime();
        RunningApi api = ApiLauncher.jar(jar)
                .jvmOptions(jvmOptions)
                .env(env)
                // SIGTERM lets the API render config.json one last time; at 100k users that takes a while.
                .stopGrace(Duration.ofSeconds(60))
                .serve(
                        dir.resolve("api.log"),
                        URI.create("http://127.0.0.1:" + port),
                        Duration.ofMinutes(5),
                        RunningApi.Ready.HEALTHY);
        Log.line("event=api_started pid=%d port=%d start_ms=%d", api.pid(), port, (System.nanoTime() - t0) / 1_000_000);
        return api;
    }

    @Override
    public void close() {
        held.close();
        client.close();
        echo.close();
        server.close();
        target.close();
    }

    static List<BenchUser> users(long firstTelegramId, int count) {
        List<BenchUser> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(BenchUser.of(firstTelegramId + i));
        }
        return users;
    }
}
