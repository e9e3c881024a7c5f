package com.atlassecure.api.http;

import static com.atlassecure.api.http.EdgeFixture.KEY;
import static com.atlassecure.api.http.EdgeFixture.addBody;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.health.HealthService;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.contract.signing.RequestSigning;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the edge tells whom: the open health says ok or fail and nothing else (M3), the detail needs the key and
 * never quotes an exception, error bodies carry no internals (L2), the uuid can travel in a body (L13), and
 * optional signing is announced loudly at start (M8).
 */
class ApiEdgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path dir;

    private EdgeFixture api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void create() throws Exception {
        logs.start();
        root.addAppender(logs);
        api = new EdgeFixture(dir);
    }

    @AfterEach
    void stop() {
        api.close();
        root.detachAppender(logs);
    }

    private String logText() {
        return logs.list.stream()
                .map(e -> e.getFormattedMessage() + " "
                        + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }

    private HttpResponse<String> openHealth() {
        return api.send(HttpRequest.newBuilder(api.uri("/health")));
    }

    @Test
    void openHealthAnswersOnlyOkOrFail() throws Exception {
        api.start();
        HttpResponse<String> ok = openHealth();
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
        for (String leak : List.of("4443", "www.example.com", "abcd", api.keys.publicKey(), "xray", "clients")) {
            assertThat(ok.body()).doesNotContain(leak);
        }

        api.xray.unavailable = true;
        Thread.sleep(HealthService.MAX_AGE.toMillis() + 100);
        HttpResponse<String> fail = openHealth();
        assertThat(fail.statusCode()).isEqualTo(503);
        assertThat(fail.body()).isEqualTo("{\"status\":\"fail\"}");
    }

    @Test
    void healthDetailNeedsTheKeyAndTheSignature() throws Exception {
        api.start();
        assertThat(api.send(HttpRequest.newBuilder(api.uri("/health/detail"))).statusCode())
                .isEqualTo(401);
        assertThat(api.send(HttpRequest.newBuilder(api.uri("/health/detail"))
                                .header(RequestSigning.API_KEY_HEADER, KEY))
                        .statusCode())
                .as("signing is required here, so the key alone is not enough")
                .isEqualTo(401);

        HttpResponse<String> detail = api.send(api.signed("GET", "/health/detail", ""));
        assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
        JsonNode h = JSON.readTree(detail.body());
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("port").asInt()).isEqualTo(4443);
        assertThat(h.get("checks").findValuesAsText("name")).contains("xray_reachable", "public_key", "short_id");
    }

    @Test
    void aFloodOfOpenHealthCallsReachesXrayAboutOnceASecond() {
        api.start();
        int before = api.xray.countCalls.get();
        for (int i = 0; i < 200; i++) {
            openHealth();
        }
        assertThat(api.xray.countCalls.get() - before)
                .as("200 calls in well under a few seconds")
                .isBetween(1, 5);
    }

    @Test
    void aBrokenPrivateKeyInConfigJsonNeverReachesAnAnswerOrALog() throws Exception {
        api.signing = SigningMode.OFF;
        api.start();
        String privateKey = api.keys.privateKey();
        String text = Files.readString(api.config);
        assertThat(text).contains("\"" + privateKey + "\"");
        // The hand edit RUNBOOK section 4 describes, gone wrong: the quotes around the key are lost.
        Files.writeString(api.config, text.replace("\"" + privateKey + "\"", privateKey));

        HttpResponse<String> open = openHealth();
        HttpResponse<String> detail =
                api.send(HttpRequest.newBuilder(api.uri("/health/detail")).header(RequestSigning.API_KEY_HEADER, KEY));

        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(detail.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(detail.body()).get("checks").findValuesAsText("name"))
                .contains("config_readable");
        assertThat(open.body() + detail.body()).doesNotContain(privateKey);
        assertThat(logText()).contains("event=health_config_unreadable").doesNotContain(privateKey);
    }

    @Test
    void errorBodiesNeverCarryTheGrpcAddressXraysWordsOrAnAddress() throws Exception {
        api.signing = SigningMode.OFF;
        api.start();
        api.xray.beforeAdd = u -> {
            throw new XrayException(
                    "rpc error: code = Unknown desc = 127.0.0.1:10085 proxy/vless: secret detail", null);
        };
        HttpResponse<String> refused =
                api.send(api.post("/add-user", addBody(UUID.randomUUID().toString()))
                        .header(RequestSigning.API_KEY_HEADER, KEY));
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body())
                .doesNotContain("10085")
                .doesNotContain("secret detail")
                .contains("ref ");

        api.xray.beforeAdd = u -> {
            throw new XrayUnavailableException("DEADLINE_EXCEEDED talking to 127.0.0.1:10085", null);
        };
        HttpResponse<String> timedOut =
                api.send(api.post("/add-user", addBody(UUID.randomUUID().toString()))
                        .header(RequestSigning.API_KEY_HEADER, KEY));
        assertThat(timedOut.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(timedOut.body()).at("/error/message").asText())
                .isEqualTo("Xray did not answer in time; the change may or may not have been applied; retry (the"
                        + " operation is idempotent)");
        assertThat(timedOut.body()).doesNotContain("10085");
    }

    @Test
    void userStateTakesTheUuidInTheBodyAndAnswersLikeTheDeprecatedGet() throws Exception {
        api.start();
        String uuid = UUID.randomUUID().toString();
        assertThat(api.send(api.signed("POST", "/add-user", addBody(uuid))).statusCode())
                .isEqualTo(200);

        HttpResponse<String> byPost = api.send(api.signed("POST", "/user-state", "{\"uuid\":\"" + uuid + "\"}"));
        HttpResponse<String> byGet = api.send(api.signed("GET", "/users/" + uuid, ""));

        assertThat(byPost.statusCode()).as(byPost.body()).isEqualTo(200);
        assertThat(JSON.readTree(byPost.body()).get("uuid").asText()).isEqualTo(uuid);
        assertThat(JSON.readTree(byPost.body()).get("state").asText()).isEqualTo("active");
        assertThat(JSON.readTree(byPost.body())).isEqualTo(JSON.readTree(byGet.body()));
        HttpResponse<String> unknown =
                api.send(api.signed("POST", "/user-state", "{\"uuid\":\"" + UUID.randomUUID() + "\"}"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.send(api.signed("POST", "/user-state", "{\"uuid\":\"x\",\"more\":1}"))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void optionalSigningIsAnnouncedWithOneLoudLineAtStart() {
        api.signing = SigningMode.OPTIONAL;
        api.start();
        assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("event=signing_optional")))
                .singleElement()
                .satisfies(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"));
    }
}
