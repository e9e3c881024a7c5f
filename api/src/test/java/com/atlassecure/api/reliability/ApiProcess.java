package com.atlassecure.api.reliability;

import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.testkit.api.ApiLauncher;
import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API as its own operating-system process ({@code java -jar atlas-api.jar serve}, or the test class path when the
 * jar is not built), next to a real xray, so a test can {@code kill -9} it exactly as the kernel's OOM killer or a
 * power cut would. Every start appends its stdout and stderr to one log file, which the tests scan for secrets.
 */
final class ApiProcess implements AutoCloseable {
    static final String API_KEY = "crash-test-api-key-5e1d0c7a9b3f42d6a8e1c0b9f7d6e5a4";

    final XrayBinary binary;
    final RealityTarget target;
    final TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
    final String shortId = TestRealityKeys.newShortId();
    final RealityServerConfig serverConfig;
    final XrayProcess xray;
    final Path dir;
    final Path dataDir;
    final Path log;
    final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Settings added to every start, e.g. API_SIGNING; set before {@link #start()}. */
    final Map<String, String> extraEnv = new HashMap<>();

    private RunningApi process;
    private int starts;

    ApiProcess(XrayBinary binary) {
        this.binary = binary;
        this.target = RealityTarget.start();
        this.serverConfig = RealityServerConfig.builder().reality(target, keys).shortIds(shortId);
        this.xray = XrayProcess.create(binary, serverConfig.build()).start();
        try {
            this.dir = Files.createTempDirectory("atlas-api-proc");
            this.dataDir = Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = dir.resolve("api.log");
        this.port = FreePorts.loopbackPort();
    }

    /** Starts the API and waits until its HTTP server answers (it starts last, after store, render and reconcile). */
    ApiProcess start() {
        Path jar = Path.of("target", "atlas-api.jar");
        ApiLauncher launcher = Files.isRegularFile(jar)
                ? ApiLauncher.jar(jar)
                : ApiLauncher.classPath(System.getProperty("java.class.path"));
        Map<String, String> env = new HashMap<>();
        env.put("XRAY_API_KEY", API_KEY);
        env.put("XRAY_CONFIG_PATH", xray.configFile().toString());
        env.put("XRAY_INBOUND_TAG", serverConfig.tag());
        env.put("XRAY_GRPC_ADDRESS", xray.apiAddress());
        env.put("XRAY_SERVER_HOST", "127.0.0.1");
        env.put("XRAY_PORT", String.valueOf(serverConfig.port()));
        env.put("XRAY_SNI", serverConfig.serverName());
        env.put("XRAY_PUBLIC_KEY", keys.publicKey());
        env.put("XRAY_SHORT_ID", shortId);
        env.put("API_LISTEN", "127.0.0.1:" + port);
        env.put("API_DATA_DIR", dataDir.toString());
        env.put("XRAY_BIN", binary.path().toString());
        env.put("API_RATE_LIMIT_PER_MINUTE", "1000000");
        env.putAll(extraEnv);
        // Renders often, so kills land during file writes as well as between them.
        env.put("CONFIG_RENDER_DELAY", "20ms");
        starts++;
        try {
            process = launcher.jvmOptions(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"))
                    .env(env)
                    .serve(log, uri("/"), Duration.ofSeconds(60), RunningApi.Ready.ANSWERS);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("start " + starts + " failed: " + e.getMessage(), e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no final render, no store close. Waits until the process is gone. */
    void kill9() {
        process.kill9();
    }

    int starts() {
        return starts;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header(RequestSigning.API_KEY_HEADER, API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .header(RequestSigning.API_KEY_HEADER, API_KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill9();
        }
        xray.close();
        target.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort cleanup of a temp dir
        }
    }
}
