package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets a 4xx with a stable code, never a 5xx, and leaves the store and config.json byte-for-byte as they
 * were. Signing is required here, so every body case is also correctly signed and only its own fault is tested.
 */
@RequiresXray
class BadInputXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID_OK = "6f1c1c3e-8a1b-4e0e-9d7a-2b3c4d5e6f70";
    private static ApiUnderTest api;
    private Map<String, String> storeBefore;
    private byte[] configBefore;

    @BeforeAll
    static void start() {
        ApiUnderTest.Options options = new ApiUnderTest.Options();
        options.signing = SigningMode.REQUIRED;
        options.maxBodyBytes = 1024;
        api = new ApiUnderTest(XrayBinary.require(), options);
        // One real user, so "unchanged" is checked against a non-empty store and config.
        assertThat(signedPost("/add-user", addUserJson(5000, UUID.randomUUID().toString(), api.inAMonth()))
                        .statusCode())
                .isEqualTo(200);
        api.app.renderer().renderNow();
        // Settles users.db: otherwise the background checkpoint copies this add's frames during the first test.
        api.app.store().checkpoint();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void snapshot() {
        storeBefore = snapshotDir(api.dataDir);
        configBefore = read(api.xray.configFile());
    }

    @AfterEach
    void storeAndConfigAreUnchanged() {
        api.app.renderer().renderNow();
        assertThat(snapshotDir(api.dataDir)).as("store files").containsExactlyEntriesOf(storeBefore);
        assertThat(read(api.xray.configFile())).as("config.json").isEqualTo(configBefore);
    }

    static Stream<Arguments> badBodies() {
        long ok = System.currentTimeMillis() + 86_400_000L;
        return Stream.of(
                Arguments.of("malformed json", "/add-user", "{\"telegram_id\": 1,", 400, "malformed_json"),
                Arguments.of("not an object", "/add-user", "[1,2]", 400, "malformed_json"),
                Arguments.of("trailing garbage", "/add-user", addUserJson(1, UUID_OK, ok) + "x", 400, "malformed_json"),
                Arguments.of(
                        "unknown field",
                        "/add-user",
                        "{\"telegram_id\":1,\"uuid\":\"" + UUID_OK + "\",\"expiry_timestamp_ms\":" + ok
                                + ",\"expiry_timestamp\":1}",
                        400,
                        "unknown_field"),
                Arguments.of(
                        "number as string",
                        "/add-user",
                        "{\"telegram_id\":\"123\",\"uuid\":\"" + UUID_OK + "\",\"expiry_timestamp_ms\":" + ok + "}",
                        422,
                        "invalid_field"),
                Arguments.of(
                        "float for a long",
                        "/add-user",
                        "{\"telegram_id\":1,\"uuid\":\"" + UUID_OK + "\",\"expiry_timestamp_ms\":" + ok + ".5}",
                        422,
                        "invalid_field"),
                Arguments.of(
                        "number for the uuid",
                        "/add-user",
                        "{\"telegram_id\":1,\"uuid\":123,\"expiry_timestamp_ms\":" + ok + "}",
                        422,
                        "invalid_field"),
                Arguments.of("missing field", "/add-user", "{\"uuid\":\"" + UUID_OK + "\"}", 422, "missing_field"),
                Arguments.of("null field", "/remove-user", "{\"uuid\":null}", 422, "missing_field"),
                Arguments.of("non-uuid", "/add-user", addUserJson(1, "not-a-uuid", ok), 422, "invalid_uuid"),
                Arguments.of("prefixed uuid", "/add-user", addUserJson(1, "prod-" + UUID_OK, ok), 422, "invalid_uuid"),
                Arguments.of("negative expiry", "/add-user", addUserJson(1, UUID_OK, -5), 422, "invalid_expiry"),
                Arguments.of(
                        "expiry in seconds", "/add-user", addUserJson(1, UUID_OK, ok / 1000), 422, "invalid_expiry"),
                Arguments.of(
                        "absurd expiry", "/add-user", addUserJson(1, UUID_OK, Long.MAX_VALUE), 422, "invalid_expiry"),
                Arguments.of(
                        "expiry beyond the 1830-day horizon",
                        "/add-user",
                        addUserJson(1, UUID_OK, ok + 1830 * 86_400_000L),
                        422,
                        "invalid_expiry"),
                Arguments.of(
                        "update beyond the 1830-day horizon",
                        "/update-user",
                        "{\"uuid\":\"" + UUID_OK + "\",\"expiry_timestamp_ms\":" + (ok + 1830 * 86_400_000L) + "}",
                        422,
                        "invalid_expiry"),
                Arguments.of("zero telegram id", "/add-user", addUserJson(0, UUID_OK, ok), 422, "invalid_field"),
                Arguments.of(
                        "update with bad expiry",
                        "/update-user",
                        "{\"uuid\":\"" + UUID_OK + "\",\"expiry_timestamp_ms\":-1}",
                        422,
                        "invalid_expiry"),
                Arguments.of("remove non-uuid", "/remove-user", "{\"uuid\":\"abc\"}", 422, "invalid_uuid"),
                Arguments.of(
                        "oversize body", "/add-user", "{\"pad\":\"" + "x".repeat(4096) + "\"}", 413, "body_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIsRefusedWithItsCode(String name, String path, String body, int status, String code) {
        assertError(signedPost(path, body), status, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuth")
    void badAuthIsRefused(String name, Map<String, String> headers, String code) {
        assertError(api.post("/add-user", validBody(), headers), 401, code);
    }

    static Stream<Arguments> badAuth() {
        String body = validBody();
        long now = api.clock.instant().getEpochSecond(); // the server's clock, which the test controls
        // Setup adapted for finding L1: every signed case carries a nonce and signs the host, so that each case
        // differs from a good request in its own fault only.
        String nonce = SignedRequest.newNonce();
        String goodSig = v2(now, nonce, "POST", "/add-user", body);
        return Stream.of(
                Arguments.of("missing key", Map.of(), "unauthorized"),
                Arguments.of(
                        "wrong key",
                        Map.of(RequestSigning.API_KEY_HEADER, ApiUnderTest.API_KEY.replace('0', '1')),
                        "unauthorized"),
                Arguments.of(
                        "missing signature",
                        Map.of(RequestSigning.API_KEY_HEADER, ApiUnderTest.API_KEY),
                        "bad_signature"),
                Arguments.of(
                        "bad signature",
                        Map.of(
                                RequestSigning.API_KEY_HEADER,
                                ApiUnderTest.API_KEY,
                                RequestSigning.TIMESTAMP_HEADER,
                                Long.toString(now),
                                SignedRequest.NONCE_HEADER,
                                nonce,
                                RequestSigning.SIGNATURE_HEADER,
                                goodSig.replace(goodSig.charAt(0), goodSig.charAt(0) == 'a' ? 'b' : 'a')),
                        "bad_signature"),
                Arguments.of(
                        "signature of another body",
                        Map.of(
                                RequestSigning.API_KEY_HEADER,
                                ApiUnderTest.API_KEY,
                                RequestSigning.TIMESTAMP_HEADER,
                                Long.toString(now),
                                SignedRequest.NONCE_HEADER,
                                nonce,
                                RequestSigning.SIGNATURE_HEADER,
                                v2(now, nonce, "POST", "/add-user", "{}")),
                        "bad_signature"),
                Arguments.of(
                        "stale timestamp",
                        Map.of(
                                RequestSigning.API_KEY_HEADER,
                                ApiUnderTest.API_KEY,
                                RequestSigning.TIMESTAMP_HEADER,
                                Long.toString(now - 301),
                                SignedRequest.NONCE_HEADER,
                                nonce,
                                RequestSigning.SIGNATURE_HEADER,
                                v2(now - 301, nonce, "POST", "/add-user", body)),
                        "stale_timestamp"));
    }

    private static String v2(long ts, String nonce, String method, String target, String body) {
        return new SignedRequest(ts, nonce, method, SignedRequest.authority(api.uri(target)), target, bytes(body))
                .sign(ApiUnderTest.SIGNING_SECRET);
    }

    @org.junit.jupiter.api.Test
    void aReplayedSignatureIsRefused() {
        // A request refused for its body still uses up its signature; replaying it must not get further.
        String body = addUserJson(1, "not-a-uuid", System.currentTimeMillis() + 86_400_000L);
        Map<String, String> headers = signatureHeaders("/add-user", body);
        assertError(api.post("/add-user", body, headers), 422, "invalid_uuid");

        assertError(api.post("/add-user", body, headers), 401, "replayed_signature");
    }

    @org.junit.jupiter.api.Test
    void aBodyWithoutADeclaredLengthIsBoundedByTheSameLimit() {
        // A chunked body declares no length, so the limit can only be enforced while reading it.
        assertError(api.send(chunked("/add-user", "{\"pad\":\"" + "x".repeat(4096) + "\"}")), 413, "body_too_large");
        String small = addUserJson(2, "not-a-uuid", System.currentTimeMillis() + 86_400_000L);
        assertError(api.send(chunked("/add-user", small)), 422, "invalid_uuid");
    }

    /** An input-stream body has no known length, so the client sends it chunked, with no Content-Length. */
    private static HttpRequest chunked(String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json");
        signatureHeaders(path, body).forEach(b::header);
        byte[] raw = bytes(body);
        return b.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(raw)))
                .build();
    }

    @org.junit.jupiter.api.Test
    void unknownUserAndUnknownRouteAreNotFound() {
        HttpResponse<String> user = api.send(signed("GET", "/users/" + UUID.randomUUID(), ""));
        assertError(user, 404, "user_not_found");
        HttpResponse<String> route = api.send(signed("GET", "/nope", ""));
        assertError(route, 404, "not_found");
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
        assertThat(body.at("/error/code").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.at("/error/message").asText())
                .isNotBlank()
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    private static String validBody() {
        return addUserJson(5001, UUID_OK, 1_900_000_000_000L); // fixed, so a signature made earlier still matches
    }

    static HttpResponse<String> signedPost(String path, String body) {
        return api.send(signed("POST", path, body));
    }

    static HttpRequest signed(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json");
        signatureHeaders(method, path, body).forEach(b::header);
        return b.method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static Map<String, String> signatureHeaders(String path, String body) {
        return signatureHeaders("POST", path, body);
    }

    static Map<String, String> signatureHeaders(String method, String path, String body) {
        long now = api.clock.instant().getEpochSecond();
        String nonce = SignedRequest.newNonce();
        return Map.of(
                RequestSigning.API_KEY_HEADER,
                ApiUnderTest.API_KEY,
                RequestSigning.TIMESTAMP_HEADER,
                Long.toString(now),
                SignedRequest.NONCE_HEADER,
                nonce,
                RequestSigning.SIGNATURE_HEADER,
                v2(now, nonce, method, path, body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File name to sha256 of its bytes (byte arrays would compare by identity). */
    private static Map<String, String> snapshotDir(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> out.put(p.getFileName().toString(), sha256(read(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
