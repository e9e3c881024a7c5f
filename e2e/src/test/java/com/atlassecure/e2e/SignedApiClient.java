package com.atlassecure.e2e;

import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.signing.SignedRequest;
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
 * demands. The journey only reads through it (its changes go through the bot, as a customer's would); tests of the API
 * alone also {@link #post} the calls the bot's outbox makes.
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

    URI baseUrl() {
        return baseUrl;
    }

    /** The user's state as the API reports it (state, expiry_timestamp_ms, traffic). */
    JsonNode user(String uuid) {
        return send("GET", "/users/" + uuid, "/users/<uuid>", new byte[0]);
    }

    /** {@code GET /health/detail}, which needs the key and the signature since finding M3. */
    /** {@code GET /users/digest}: how many users have access, and the hash of their (uuid, expiry) pairs. */
    JsonNode digest() {
        return send("GET", "/users/digest", "/users/digest", new byte[0]);
    }

    JsonNode healthDetail() {
        return send("GET", "/health/detail", "/health/detail", new byte[0]);
    }

    /** A signed JSON POST (e.g. /add-user, /remove-user) that must answer 200; returns the answer. */
    JsonNode post(String path, Object body) {
        try {
            return send("POST", path, path, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new AssertionError("cannot write the body of POST " + path + ": " + e, e);
        }
    }

    private JsonNode send(String method, String path, String shownPath, byte[] body) {
        // Signed as the bot signs (finding L1): host and a fresh X-Request-Id included, so two identical requests
        // in one second are two signatures.
        long timestamp = Math.max(Instant.now().getEpochSecond(), lastTimestamp);
        lastTimestamp = timestamp;
        URI uri = baseUrl.resolve(path);
        String nonce = SignedRequest.newNonce();
        String signature = new SignedRequest(
                        timestamp, nonce, method, SignedRequest.authority(uri), SignedRequest.target(uri), body)
                .sign(signingSecret);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header(RequestSigning.API_KEY_HEADER, apiKey)
                .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SignedRequest.NONCE_HEADER, nonce)
                .header(RequestSigning.SIGNATURE_HEADER, signature)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(
                        method + " " + shownPath + " answered " + response.statusCode() + ": " + response.body());
            }
            if (!ResponseSigning.matches(
                    signingSecret,
                    signature,
                    response.body().getBytes(StandardCharsets.UTF_8),
                    response.headers().firstValue(ResponseSigning.HEADER).orElse(null))) {
                throw new AssertionError(method + " " + shownPath + " answered without a valid X-Response-Signature");
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + shownPath + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
