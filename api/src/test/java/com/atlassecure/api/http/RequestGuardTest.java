package com.atlassecure.api.http;

import static com.atlassecure.api.http.EdgeFixture.KEY;
import static com.atlassecure.api.http.EdgeFixture.SECRET;
import static com.atlassecure.api.http.EdgeFixture.addBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.config.TrustedProxies;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard in front of every user route: who a request is counted against (H1), the separate budget of failed
 * authentication (H1), the signed form with host, query and nonce, and replays across a restart (L1), and the
 * signature on the answer (L14).
 */
class RequestGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path dir;

    private EdgeFixture api;

    @BeforeEach
    void create() throws Exception {
        api = new EdgeFixture(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpRequest.Builder keyedGet(String target, String realIp) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(target)).header(RequestSigning.API_KEY_HEADER, KEY);
        return realIp == null ? b : b.header("X-Real-IP", realIp);
    }

    @Test
    void twoRealIpsBehindATrustedLoopbackPeerGetSeparateBuckets() {
        api.signing = SigningMode.OFF;
        api.ratePerMinute = 3;
        api.start();
        String missing = "/users/" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(api.send(keyedGet(missing, "203.0.113.1")).statusCode()).isEqualTo(404);
        }
        assertThat(api.send(keyedGet(missing, "203.0.113.1")).statusCode()).isEqualTo(429);

        assertThat(api.send(keyedGet(missing, "203.0.113.2")).statusCode())
                .as("another client behind the same proxy has its own budget")
                .isEqualTo(404);
    }

    @Test
    void realIpFromAnUntrustedPeerIsIgnored() {
        api.signing = SigningMode.OFF;
        api.ratePerMinute = 3;
        api.proxies = TrustedProxies.parse("10.9.9.9");
        api.start();
        String missing = "/users/" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(api.send(keyedGet(missing, "203.0.113." + i)).statusCode())
                    .isEqualTo(404);
        }

        HttpResponse<String> limited = api.send(keyedGet(missing, "198.51.100.7"));
        assertThat(limited.statusCode())
                .as("a peer that is not a trusted proxy cannot pick a fresh address per request")
                .isEqualTo(429);
        assertThat(limited.body()).as("the answer never echoes an address").doesNotContain("127.0.0.1");
    }

    @Test
    void aFloodOfWrongKeysFromTheBotsOwnAddressNeverMakesItsSignedCallsSee429() {
        api.ratePerMinute = 20;
        api.failuresPerMinute = 5;
        api.start();
        int refusedWithLimit = 0;
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r =
                    api.send(api.post("/add-user", addBody(UUID.randomUUID().toString()))
                            .header(RequestSigning.API_KEY_HEADER, KEY.replace('0', '1')));
            assertThat(r.statusCode()).isIn(401, 429);
            refusedWithLimit += r.statusCode() == 429 ? 1 : 0;
        }
        assertThat(refusedWithLimit)
                .as("failed authentication has a budget of its own")
                .isEqualTo(295);

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = api.send(
                    api.signed("POST", "/add-user", addBody(UUID.randomUUID().toString())));
            assertThat(r.statusCode()).as("signed call %d: %s", i, r.body()).isEqualTo(200);
        }
    }

    @Test
    void replayedSignatureIsRefusedAfterRestart() throws Exception {
        api.start();
        HttpRequest captured =
                api.signed("POST", "/add-user", addBody(UUID.randomUUID().toString()));
        assertThat(api.send(captured).statusCode()).isEqualTo(200);
        assertThat(api.send(captured).statusCode())
                .as("replay in the same process")
                .isEqualTo(401);

        api.restart();

        HttpResponse<String> replay = api.send(captured);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
        assertThat(JSON.readTree(replay.body()).at("/error/code").asText()).isEqualTo("stale_timestamp");
        api.clock.advance(Duration.ofSeconds(1));
        assertThat(api.send(api.signed(
                                "POST", "/add-user", addBody(UUID.randomUUID().toString())))
                        .statusCode())
                .as("a request signed after the restart passes")
                .isEqualTo(200);
    }

    @Test
    void twoIdenticalCallsInOneSecondPassBecauseTheirNoncesDiffer() {
        api.start();
        String body = addBody(UUID.randomUUID().toString());
        assertThat(api.send(api.signed("POST", "/add-user", body)).statusCode()).isEqualTo(200);
        assertThat(api.send(api.signed("POST", "/add-user", body)).statusCode()).isEqualTo(200);
    }

    @Test
    void theHostTheQueryAndTheNonceAreAllSigned() throws Exception {
        api.start();
        String body = addBody(UUID.randomUUID().toString());
        long ts = api.clock.instant().getEpochSecond();
        String nonce = SignedRequest.newNonce();
        String forOtherNode = new SignedRequest(
                        ts, nonce, "POST", "node-b.example:443", "/add-user", body.getBytes(StandardCharsets.UTF_8))
                .sign(SECRET);
        HttpResponse<String> otherHost = api.send(api.post("/add-user", body)
                .header(RequestSigning.API_KEY_HEADER, KEY)
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(ts))
                .header(SignedRequest.NONCE_HEADER, nonce)
                .header(RequestSigning.SIGNATURE_HEADER, forOtherNode));
        assertThat(otherHost.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(otherHost.body()).at("/error/code").asText()).isEqualTo("bad_signature");

        HttpRequest signed = api.signed("POST", "/add-user", body);
        HttpRequest withQuery = HttpRequest.newBuilder(signed, (n, v) -> true)
                .uri(api.uri("/add-user?dry=1"))
                .build();
        assertThat(api.send(withQuery).statusCode())
                .as("a query added to a signed request")
                .isEqualTo(401);

        HttpRequest otherNonce = HttpRequest.newBuilder(signed, (n, v) -> !n.equalsIgnoreCase("X-Request-Id"))
                .header(SignedRequest.NONCE_HEADER, SignedRequest.newNonce())
                .build();
        assertThat(api.send(otherNonce).statusCode())
                .as("another nonce under the same signature")
                .isEqualTo(401);

        HttpRequest noNonce = HttpRequest.newBuilder(signed, (n, v) -> !n.equalsIgnoreCase("X-Request-Id"))
                .build();
        HttpResponse<String> missing = api.send(noNonce);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("X-Request-Id");

        assertThat(api.send(signed).statusCode())
                .as("the untouched request still passes")
                .isEqualTo(200);
    }

    @Test
    void everyAnswerToASignedRequestIsSignedBackAndBoundToIt() {
        api.signing = SigningMode.OPTIONAL;
        api.start();
        HttpRequest request =
                api.signed("POST", "/add-user", addBody(UUID.randomUUID().toString()));
        HttpResponse<String> ok = api.send(request);
        String requestSig =
                request.headers().firstValue(RequestSigning.SIGNATURE_HEADER).orElseThrow();
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ResponseSigning.matches(
                        SECRET,
                        requestSig,
                        ok.body().getBytes(StandardCharsets.UTF_8),
                        ok.headers().firstValue(ResponseSigning.HEADER).orElse(null)))
                .isTrue();

        HttpRequest bad = api.signed("POST", "/add-user", "{\"telegram_id\":5}");
        HttpResponse<String> rejected = api.send(bad);
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(ResponseSigning.matches(
                        SECRET,
                        bad.headers()
                                .firstValue(RequestSigning.SIGNATURE_HEADER)
                                .orElseThrow(),
                        rejected.body().getBytes(StandardCharsets.UTF_8),
                        rejected.headers().firstValue(ResponseSigning.HEADER).orElse(null)))
                .as("a refusal after authentication is signed too")
                .isTrue();

        HttpResponse<String> unsigned =
                api.send(api.post("/add-user", addBody(UUID.randomUUID().toString()))
                        .header(RequestSigning.API_KEY_HEADER, KEY));
        assertThat(unsigned.statusCode()).isEqualTo(200);
        assertThat(unsigned.headers().firstValue(ResponseSigning.HEADER)).isEmpty();
    }
}
