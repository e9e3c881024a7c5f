package com.atlassecure.bot.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.bot.support.FaultServer.Reply;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a server that only ever misbehaves: every fault must surface as the right error. */
class HttpXrayApiTest {
    static final String UUID = "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e";
    static final String KEY = "k".repeat(40);
    static final long EXPIRY = 1_900_000_000_000L;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    FaultServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FaultServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpXrayApi api(byte[] secret, Duration timeout) {
        return new HttpXrayApi(server.url(), KEY, secret, timeout, clock);
    }

    @Test
    void serverErrorIsUnavailableAndCarriesTheCode() {
        assertThatThrownBy(() -> api(null, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY))
                .isInstanceOf(ApiUnavailableError.class)
                .hasMessageContaining("503")
                .hasMessageContaining("xray_unavailable");
    }

    @Test
    void hangingServerTimesOut() {
        server.script(r -> Reply.hang(3_000));
        assertThatThrownBy(() -> api(null, Duration.ofMillis(300)).addUser(1, UUID, EXPIRY))
                .isInstanceOf(ApiUnavailableError.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void unreachableServerIsUnavailable() {
        HttpXrayApi api = api(null, Duration.ofSeconds(2));
        server.close();
        assertThatThrownBy(() -> api.addUser(1, UUID, EXPIRY)).isInstanceOf(ApiUnavailableError.class);
    }

    @Test
    void clientErrorIsRejectedWithTheStableCode() {
        server.script(r -> Reply.status(409, "{\"error\":{\"code\":\"uuid_conflict\",\"message\":\"taken\"}}"));
        assertThatThrownBy(() -> api(null, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY))
                .isInstanceOfSatisfying(ApiRejectedError.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(ErrorCode.UUID_CONFLICT);
                });
    }

    @Test
    void nonJsonSuccessIsInvalid() {
        server.script(r -> Reply.status(200, "<html>proxy page</html>"));
        assertThatThrownBy(() -> api(null, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY))
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void sendsTheApiKeyTheContractBodyAndAValidSignature() {
        byte[] secret = "s".repeat(40).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> api(secret, Duration.ofSeconds(5)).updateUser(77, UUID, EXPIRY))
                .isInstanceOf(ApiUnavailableError.class);
        FaultServer.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/update-user");
        assertThat(request.headers().get("x-api-key")).isEqualTo(KEY);
        assertThat(request.body())
                .contains("\"uuid\":\"" + UUID + "\"")
                .contains("\"expiry_timestamp_ms\":" + EXPIRY)
                .contains("\"telegram_id\":77");
        long ts = Long.parseLong(request.headers().get("x-timestamp"));
        assertThat(ts).isEqualTo(clock.instant().getEpochSecond());
        // The signed form of finding L1: the host and a fresh X-Request-Id are signed with the path and body.
        String nonce = request.headers().get("x-request-id");
        assertThat(SignedRequest.validNonce(nonce)).isTrue();
        assertThat(new SignedRequest(
                                ts,
                                nonce,
                                "POST",
                                request.headers().get("host"),
                                "/update-user",
                                request.body().getBytes(StandardCharsets.UTF_8))
                        .matches(secret, request.headers().get("x-signature")))
                .isTrue();
    }

    @Test
    void twoIdenticalCallsInOneSecondCarryDifferentNoncesAndSignatures() {
        byte[] secret = "s".repeat(40).getBytes(StandardCharsets.UTF_8);
        HttpXrayApi api = api(secret, Duration.ofSeconds(5));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> api.updateUser(77, UUID, EXPIRY)).isInstanceOf(ApiUnavailableError.class);
        }
        FaultServer.Request first = server.requests().get(0);
        FaultServer.Request second = server.requests().get(1);
        assertThat(first.headers().get("x-timestamp"))
                .isEqualTo(second.headers().get("x-timestamp"));
        assertThat(first.headers().get("x-request-id"))
                .isNotEqualTo(second.headers().get("x-request-id"));
        assertThat(first.headers().get("x-signature"))
                .isNotEqualTo(second.headers().get("x-signature"));
    }

    static final String ADD_ANSWER = "{\"uuid\":\"" + UUID + "\",\"email\":\"user_1\",\"expiry_timestamp_ms\":" + EXPIRY
            + ",\"vless_link\":\"vless://" + UUID + "@vpn.example.com:4443?type=tcp&encryption=none&security=reality"
            + "&sni=www.example.com&fp=chrome&pbk=abc&sid=ab&flow=xtls-rprx-vision#Atlas\"}";

    @Test
    void aSignedAnswerIsAcceptedWhenItsSignatureBindsThisRequestAndBody() {
        byte[] secret = "s".repeat(40).getBytes(StandardCharsets.UTF_8);
        server.script(r -> Reply.status(200, ADD_ANSWER)
                .withHeader(
                        ResponseSigning.HEADER,
                        ResponseSigning.sign(
                                secret, r.headers().get("x-signature"), ADD_ANSWER.getBytes(StandardCharsets.UTF_8))));

        assertThat(api(secret, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY).uuid())
                .isEqualTo(UUID);
    }

    @Test
    void aSigningBotRefusesAnAnswerWithoutOrWithAWrongResponseSignature() {
        byte[] secret = "s".repeat(40).getBytes(StandardCharsets.UTF_8);
        server.script(r -> Reply.status(200, ADD_ANSWER));
        assertThatThrownBy(() -> api(secret, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("X-Response-Signature");

        server.script(r -> Reply.status(200, ADD_ANSWER)
                .withHeader(
                        ResponseSigning.HEADER,
                        // Signed by someone without the secret, or for another request: both must fail.
                        ResponseSigning.sign(
                                "t".repeat(40).getBytes(StandardCharsets.UTF_8),
                                r.headers().get("x-signature"),
                                ADD_ANSWER.getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> api(secret, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("X-Response-Signature");

        server.script(r -> Reply.status(409, "{\"error\":{\"code\":\"uuid_conflict\",\"message\":\"taken\"}}")
                .withHeader(ResponseSigning.HEADER, "00".repeat(32)));
        assertThatThrownBy(() -> api(secret, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY))
                .as("a wrongly signed rejection is not believed either")
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void aBotWithoutSecretAcceptsAnUnsignedAnswer() {
        server.script(r -> Reply.status(200, ADD_ANSWER));
        assertThat(api(null, Duration.ofSeconds(5)).addUser(1, UUID, EXPIRY).uuid())
                .isEqualTo(UUID);
    }

    @Test
    void refusesToSendAPrefixedUuid() {
        assertThatThrownBy(() -> api(null, Duration.ofSeconds(5)).addUser(1, "prod-" + UUID, EXPIRY))
                .hasMessageContaining("prefix");
        assertThat(server.requests()).isEmpty();
    }
}
