package com.atlassecure.e2e;

import com.atlassecure.contract.signing.RequestSigning;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The test's view into the running API: {@code GET /users/{uuid}} with the key and a signature, as API_SIGNING=required
 * demands. Only reads; every change in the journey goes through the bot, as a customer's would.
 */
final class SignedApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final byte[] signingSecret;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long lastTimestamp;

    SignedApiClient(URI baseUrl, String apiKey, String signingSecret) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** The user's state as the API reports it (state, expiry_timestamp_ms, traffic). */
    JsonNode user(String uuid) {
        String path = "/users/" + uuid;
        // The signature covers timestamp, method, path and body, with no nonce: the same GET twice within one second
        // would be the same signature, which the API rightly refuses as a replay. Each request takes a later second.
        long timestamp = Math.max(Instant.now().getEpochSecond(), lastTimestamp + 1);
        lastTimestamp = timestamp;
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header(RequestSigning.API_KEY_HEADER, apiKey)
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(
                        RequestSigning.SIGNATURE_HEADER,
                        RequestSigning.sign(signingSecret, timestamp, "GET", path, new byte[0]))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(
                        "GET /users/<uuid> answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /users/<uuid> failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
