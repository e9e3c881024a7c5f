package com.atlassecure.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.App;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.sessions.SessionClosing;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.support.TestSettings;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.testkit.time.MutableClock;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer over the in-memory Xray, for the cases that need no real traffic: optional signing, the error
 * shape of unknown routes and methods, and health turning 503. (The same paths run against real xray in the ITs.)
 */
class ApiServerTest {
    private static final String KEY = "unit-test-api-key-0123456789abcdef012345";
    private static final byte[] SECRET = "unit-test-signing-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeXrayControl xray = new FakeXrayControl();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private App app;

    @BeforeEach
    void start() throws Exception {
        TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
        RealityServerConfig cfg = RealityServerConfig.builder()
                .port(4443)
                .apiPort(10085)
                .privateKey(keys.privateKey())
                .serverNames("www.example.com")
                .shortIds("abcd")
                .target("127.0.0.1:9");
        Path config = dir.resolve("config.json");
        Files.writeString(config, cfg.toJson());
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
                .signing(SigningMode.OPTIONAL, SECRET)
                .dataDir(dir.resolve("data"))
                .rateLimitPerMinute(1000)
                .configRenderDelay(Duration.ofMillis(100))
                .build();
        app = App.start(settings, xray, clock, SessionClosing.off(RemovalListener.NONE));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header(RequestSigning.API_KEY_HEADER, KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String addBody(String uuid) {
        return "{\"telegram_id\":5,\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":1798416000000}";
    }

    @Test
    void optionalSigningAcceptsUnsignedRequestsButChecksSignedOnes() throws Exception {
        assertThat(send(post("/add-user", addBody(UUID.randomUUID().toString())))
                        .statusCode())
                .isEqualTo(200);

        String body = addBody(UUID.randomUUID().toString());
        long now = clock.instant().getEpochSecond();
        HttpResponse<String> badlySigned = send(post("/add-user", body)
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSigning.SIGNATURE_HEADER, "00".repeat(32)));
        assertThat(badlySigned.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(badlySigned.body()).at("/error/code").asText()).isEqualTo("bad_signature");

        HttpResponse<String> signed = send(post("/remove-user", "{\"uuid\":\"" + UUID.randomUUID() + "\"}")
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(now))
                .header(
                        RequestSigning.SIGNATURE_HEADER,
                        RequestSigning.sign(
                                SECRET,
                                now,
                                "POST",
                                "/remove-user",
                                ("{\"uuid\":\"" + "x" + "\"}").getBytes(StandardCharsets.UTF_8))));
        assertThat(signed.statusCode()).as("signature over another body").isEqualTo(401);
    }

    @Test
    void unknownRoutesAndMethodsAnswerTheErrorShape() throws Exception {
        HttpResponse<String> route = send(post("/nope", "{}"));
        HttpResponse<String> method =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/add-user"))
                        .header(RequestSigning.API_KEY_HEADER, KEY)
                        .GET());

        for (HttpResponse<String> r : List.of(route, method)) {
            JsonNode body = JSON.readTree(r.body());
            assertThat(r.statusCode()).isIn(404, 405);
            assertThat(body.at("/error/code").asText()).isIn("not_found", "method_not_allowed");
        }
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        HttpResponse<String> r =
                send(post("/add-user", addBody(UUID.randomUUID().toString())).header("Content-Type", "text/plain"));

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void healthIs503WithTheFailingCheckNamedWhenXrayIsUnreachable() throws Exception {
        xray.unavailable = true;

        // Setup adapted for finding M3: the checks are read from the keyed detail route.
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health/detail"))
                        .header(RequestSigning.API_KEY_HEADER, KEY));

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode h = JSON.readTree(r.body());
        assertThat(h.get("status").asText()).isEqualTo("fail");
        assertThat(h.get("checks").findValuesAsText("name")).contains("xray_reachable");
        assertThat(h.toString()).doesNotContain(KEY);
    }
}
