package com.atlassecure.api.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Finding L1 against the API process itself: a signed request captured before a {@code kill -9} is refused after the
 * restart. It is signed by a bot whose clock runs 60 s ahead, still well inside the ±300 s window, so the new
 * process's start time alone would accept it: only the floor the API synced to its data dir before answering can
 * refuse it.
 */
@RequiresXray
class ReplayAfterCrashXrayIT {
    private static final String SECRET = "crash-test-signing-secret-0b1c2d3e4f5a6b7c8d9e";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRequestCapturedBeforeAKill9IsRefusedAfterTheRestart(XrayBinary binary) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ApiProcess api = new ApiProcess(binary)) {
            api.extraEnv.put("API_SIGNING", "required");
            api.extraEnv.put("XRAY_API_SIGNING_SECRET", SECRET);
            api.start();
            long aheadOfTheApi = Instant.now().getEpochSecond() + 60;
            HttpRequest captured = signedAdd(api, aheadOfTheApi, 1);
            assertThat(http.send(captured, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            api.kill9();
            api.start();

            HttpResponse<String> replay = http.send(captured, HttpResponse.BodyHandlers.ofString());
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
            assertThat(JSON.readTree(replay.body()).at("/error/code").asText()).isEqualTo("stale_timestamp");
            HttpResponse<String> fresh =
                    http.send(signedAdd(api, aheadOfTheApi + 1, 2), HttpResponse.BodyHandlers.ofString());
            assertThat(fresh.statusCode())
                    .as("the next request of that bot: %s", fresh.body())
                    .isEqualTo(200);
        }
    }

    private static HttpRequest signedAdd(ApiProcess api, long timestamp, long telegramId) {
        URI uri = api.uri("/add-user");
        String body =
                "{\"telegram_id\":" + telegramId + ",\"uuid\":\"" + UUID.randomUUID() + "\",\"expiry_timestamp_ms\":"
                        + Instant.now().plus(Duration.ofDays(30)).toEpochMilli() + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String nonce = SignedRequest.newNonce();
        String sig = new SignedRequest(timestamp, nonce, "POST", SignedRequest.authority(uri), "/add-user", bytes)
                .sign(SECRET.getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header(RequestSigning.API_KEY_HEADER, ApiProcess.API_KEY)
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SignedRequest.NONCE_HEADER, nonce)
                .header(RequestSigning.SIGNATURE_HEADER, sig)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }
}
