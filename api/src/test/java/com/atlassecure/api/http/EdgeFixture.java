package com.atlassecure.api.http;

import com.atlassecure.api.App;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.config.TrustedProxies;
import com.atlassecure.api.sessions.SessionClosing;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.support.TestSettings;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.testkit.time.MutableClock;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.TestRealityKeys;
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
import java.time.Instant;

/**
 * The API over the in-memory Xray, for the HTTP edge's tests: settings a test may vary (signing, budgets, trusted
 * proxies), a restart on the same data dir, and a client that signs as the bot does.
 */
final class EdgeFixture implements AutoCloseable {
    static final String KEY = "edge-test-api-key-0123456789abcdef012345";
    static final byte[] SECRET = "edge-test-signing-secret-0123456789abc".getBytes(StandardCharsets.UTF_8);

    final Path dir;
    final Path config;
    final FakeXrayControl xray = new FakeXrayControl();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    final TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
    final RealityServerConfig cfg;
    private final HttpClient http = HttpClient.newHttpClient();
    SigningMode signing = SigningMode.REQUIRED;
    int ratePerMinute = 1000;
    int failuresPerMinute = 30;
    TrustedProxies proxies = TrustedProxies.loopback();
    App app;
    // One port for the fixture's life, so a restart answers where a captured request was sent.
    private final int port = com.atlassecure.testkit.xray.FreePorts.loopbackPort();

    EdgeFixture(Path dir) throws IOException {
        this.dir = dir;
        this.cfg = RealityServerConfig.builder()
                .port(4443)
                .apiPort(10085)
                .privateKey(keys.privateKey())
                .serverNames("www.example.com")
                .shortIds("abcd")
                .target("127.0.0.1:9");
        this.config = dir.resolve("config.json");
        Files.writeString(config, cfg.toJson());
    }

    EdgeFixture start() {
        ApiSettings settings = TestSettings.builder()
                .apiKey(KEY)
                .configPath(config)
                .inboundTag(cfg.tag())
                .grpcAddress("127.0.0.1:10085")
                .serverHost("vpn.example.com")
                .port(4443)
                .sni("www.example.com")
                .publicKey(keys.publicKey())
                .shortId("abcd")
                .remark("Atlas")
                .listenPort(port)
                .signing(signing, signing == SigningMode.OFF ? null : SECRET)
                .dataDir(dir.resolve("data"))
                .rateLimitPerMinute(ratePerMinute)
                .configRenderDelay(Duration.ofMillis(100))
                .expirySweepMaxPercent(100)
                .trustedProxies(proxies)
                .authFailuresPerMinute(failuresPerMinute)
                .build();
        app = App.start(settings, xray, clock, SessionClosing.off(RemovalListener.NONE));
        return this;
    }

    /** Stops the API and starts a new one on the same data dir, as a process restart would. */
    void restart() {
        app.close();
        start();
    }

    URI uri(String target) {
        return URI.create("http://127.0.0.1:" + app.port() + target);
    }

    HttpRequest.Builder post(String target, String body) {
        return HttpRequest.newBuilder(uri(target))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A request signed as the bot signs it, with the fixture's clock, a fresh nonce, and the host it is sent to. */
    HttpRequest signed(String method, String target, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = clock.instant().getEpochSecond();
        String nonce = SignedRequest.newNonce();
        URI uri = uri(target);
        String sig = new SignedRequest(ts, nonce, method, SignedRequest.authority(uri), target, bytes).sign(SECRET);
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header(RequestSigning.API_KEY_HEADER, KEY)
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(ts))
                .header(SignedRequest.NONCE_HEADER, nonce)
                .header(RequestSigning.SIGNATURE_HEADER, sig)
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a signed body larger than the server takes. The server answers 413 as soon as the limit is passed and
     * closes while the client may still be writing, so the client sometimes sees the reset before the answer
     * ("received no bytes"): a race of HTTP/1.1 itself that proves nothing either way. Such an attempt is repeated,
     * signed afresh, and any answer that does arrive is returned for the caller to check.
     */
    HttpResponse<String> sendOversize(String method, String target, String body) {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return send(signed(method, target, body));
            } catch (UncheckedIOException e) {
                last = e;
            }
        }
        throw last;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.build());
    }

    static String addBody(String uuid) {
        long telegramId = 1 + (uuid.hashCode() & 0x7fffffffL);
        return "{\"telegram_id\":" + telegramId + ",\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":1900000000000}";
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }
}
