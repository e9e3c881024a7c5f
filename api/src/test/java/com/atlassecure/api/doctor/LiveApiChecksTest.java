package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.DoctorFixture.doctorJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live checks' failure paths against a stand-in server on loopback. The healthy path runs against the real API
 * in the end-to-end tests, because a stand-in that answers "ok" would only test itself.
 */
class LiveApiChecksTest {
    @TempDir
    Path dir;

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anApiThatDoesNotAnswerFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(List.of(
                "--config", f.config.toString(), "--api-url", "http://127.0.0.1:" + closedPort, "--timeout", "2"));

        assertThat(run.status("live.health")).isEqualTo("FAIL");
        assertThat(run.reason("live.health")).startsWith("GET http://127.0.0.1:" + closedPort + "/health failed: ");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void anUnhealthyApiFailsNamingItsFailingChecksAndClientsWithoutFlow() throws Exception {
        String body = """
                {"status":"fail","xray_reachable":true,"xray_version":"26.3.27","clients":5,
                 "clients_without_flow":2,"port":443,"sni":"www.cloudflare.com","last_reconcile_ms":null,
                 "config_render_lag_ms":0,"session_closing":"none","future_field":1,
                 "checks":[{"name":"flow","ok":false,"detail":"2 clients without flow"},
                           {"name":"xray","ok":true,"detail":"reachable"}]}""";
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Serves /health/detail too (a context matches by prefix): the detail the doctor reads with its key.
        server.createContext("/health", exchange -> respond(exchange, 503, body));
        // An API that serves user data without a key: the doctor must notice.
        server.createContext(
                "/user-state", exchange -> respond(exchange, 404, "{\"error\":{\"code\":\"user_not_found\"}}"));
        server.start();
        DoctorFixture f = DoctorFixture.init(dir);
        // Setup adapted for finding M3: the failing checks are only readable with the key.
        DoctorFixture.JsonRun run = doctorJson(List.of(
                "--config",
                f.config.toString(),
                "--api-url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "--api-key",
                "k".repeat(40)));

        assertThat(run.status("live.health")).isEqualTo("FAIL");
        assertThat(run.reason("live.health"))
                .contains("answered 503 status=fail")
                .contains("failing: flow (2 clients without flow)")
                .doesNotContain("xray (reachable)");
        assertThat(run.reason("live.flow"))
                .isEqualTo("the running API reports 2 of 5 clients without flow (run doctor"
                        + " on its config to name them)");
        assertThat(run.status("live.link-params")).isEqualTo("FAIL");
        assertThat(run.reason("live.link-params")).contains("port 443 and sni www.cloudflare.com");
        assertThat(run.status("live.auth")).isEqualTo("FAIL");
        assertThat(run.reason("live.auth")).endsWith("without X-API-Key answered 404, expected 401");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void anApiRejectingTheKeyFailsNamingOnlyItsFingerprint() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> respond(exchange, 200, "not json"));
        server.createContext(
                "/user-state", exchange -> respond(exchange, 401, "{\"error\":{\"code\":\"unauthorized\"}}"));
        server.start();
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(List.of(
                "--config",
                f.config.toString(),
                "--api-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--api-key",
                "wrong-key-that-must-not-be-printed"));

        assertThat(run.reason("live.health")).contains("answered 200 without a health body");
        assertThat(run.status("live.auth")).isEqualTo("PASS");
        assertThat(run.status("live.key")).isEqualTo("FAIL");
        assertThat(run.reason("live.key"))
                .contains(com.atlassecure.contract.signing.ApiKeys.fingerprint("wrong-key-that-must-not-be-printed"))
                .contains("answered 401 unauthorized");
        assertThat(run.run().out()).doesNotContain("wrong-key-that-must-not-be-printed");
    }

    @Test
    void withoutAKeyOnlyTheOpenStatusIsJudgedAndTheProbeUsesTheBodyNotTheUrl() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            if (exchange.getRequestURI().getPath().equals("/health")) {
                respond(exchange, 503, "{\"status\":\"fail\"}");
            } else {
                respond(exchange, 401, "{\"error\":{\"code\":\"unauthorized\"}}");
            }
        });
        server.start();
        DoctorFixture f = DoctorFixture.init(dir);
        DoctorFixture.JsonRun run = doctorJson(List.of(
                "--config",
                f.config.toString(),
                "--api-url",
                "http://127.0.0.1:" + server.getAddress().getPort()));

        assertThat(run.status("live.health")).isEqualTo("FAIL");
        assertThat(run.reason("live.health"))
                .contains("answered 503 status=fail")
                .contains("--api-key");
        assertThat(run.status("live.auth")).isEqualTo("PASS");
        assertThat(seen).contains("GET /health", "POST /user-state").noneMatch(s -> s.contains("/users/"));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
