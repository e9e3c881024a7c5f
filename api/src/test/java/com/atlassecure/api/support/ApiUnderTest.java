package com.atlassecure.api.support;

import com.atlassecure.api.App;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.DeviceLimitSettings;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.config.TrustedProxies;
import com.atlassecure.api.sessions.SessionClosing;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.xray.GrpcXrayControl;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.testkit.time.MutableClock;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The whole API on port 0 over a real xray (REALITY inbound, local target, gRPC API), with a movable clock. Each
 * instance owns its xray, data dir and API; close() stops everything.
 */
public final class ApiUnderTest implements AutoCloseable {
    public static final String API_KEY = "test-api-key-0123456789abcdef0123456789";
    public static final byte[] SIGNING_SECRET = "signing-secret-for-tests-0123456789".getBytes(StandardCharsets.UTF_8);

    public final XrayBinary binary;
    public final RealityTarget target;
    public final TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
    public final String shortId = TestRealityKeys.newShortId();
    public final RealityServerConfig serverConfig;
    public final XrayProcess xray;
    public final Path dataDir;
    public final MutableClock clock = MutableClock.atSystemNow();
    public final List<String> removedEmails = new CopyOnWriteArrayList<>();
    public final GrpcXrayControl control;
    public final ApiSettings settings;
    public final App app;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Options a test may change before the API starts. */
    public static final class Options {
        public SigningMode signing = SigningMode.OFF;
        public Duration renderDelay = Duration.ofMillis(200);
        public int rateLimitPerMinute = 100_000;
        public int authFailuresPerMinute = 100_000;
        public int maxBodyBytes = 16_384;
        public int expirySweepMaxPercent = 10;
        public Consumer<RealityServerConfig> serverConfig = c -> {};
        /** Null: no session closing (removals only reach {@code removedEmails}). */
        public SessionClosing.Starter sessions;

        public DeviceLimitSettings devices = DeviceLimitSettings.DEFAULTS;
    }

    public ApiUnderTest(XrayBinary binary) {
        this(binary, new Options());
    }

    public ApiUnderTest(XrayBinary binary, Options options) {
        this.binary = binary;
        this.target = RealityTarget.start();
        this.serverConfig = RealityServerConfig.builder().reality(target, keys).shortIds(shortId);
        options.serverConfig.accept(serverConfig);
        this.xray = XrayProcess.create(binary, serverConfig.build()).start();
        try {
            this.dataDir = Files.createTempDirectory("atlas-api-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.settings = TestSettings.builder()
                .apiKey(API_KEY)
                .configPath(xray.configFile())
                .inboundTag(serverConfig.tag())
                .grpcAddress(xray.apiAddress())
                .port(serverConfig.port())
                .sni(serverConfig.serverName())
                .publicKey(keys.publicKey())
                .shortId(shortId)
                .signing(options.signing, options.signing == SigningMode.OFF ? null : SIGNING_SECRET)
                .dataDir(dataDir)
                .xrayBin(binary.path().toString())
                .maxBodyBytes(options.maxBodyBytes)
                .rateLimitPerMinute(options.rateLimitPerMinute)
                .configRenderDelay(options.renderDelay)
                .expirySweepMaxPercent(options.expirySweepMaxPercent)
                .trustedProxies(TrustedProxies.loopback())
                .authFailuresPerMinute(options.authFailuresPerMinute)
                .devices(options.devices)
                .build();
        this.control = new GrpcXrayControl(xray.apiAddress(), Duration.ofSeconds(5));
        RemovalListener listener = removedEmails::add;
        this.app = App.start(
                settings,
                new GrpcXrayControl(xray.apiAddress(), Duration.ofSeconds(3)),
                clock,
                options.sessions == null ? SessionClosing.off(listener) : options.sessions,
                clock::monotonicNanos);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header(RequestSigning.API_KEY_HEADER, API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> post(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .header(RequestSigning.API_KEY_HEADER, API_KEY)
                .GET()
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String addUserJson(long telegramId, String uuid, long expiryMs) {
        return "{\"telegram_id\":" + telegramId + ",\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":" + expiryMs
                + "}";
    }

    public long inAMonth() {
        return clock.millis() + Duration.ofDays(30).toMillis();
    }

    /** Polls until the condition holds or the timeout passes (for the render delay and Xray restarts). */
    public static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        app.close();
        control.close();
        xray.close();
        target.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort cleanup of a temp dir
        }
    }
}
