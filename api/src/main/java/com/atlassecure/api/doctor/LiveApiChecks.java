package com.atlassecure.api.doctor;

import static com.atlassecure.api.doctor.Category.CONFIG_ENV_HYGIENE;
import static com.atlassecure.api.doctor.Category.LINK_GENERATION;
import static com.atlassecure.api.doctor.Category.SECURITY;
import static com.atlassecure.api.doctor.Category.VALIDATION;
import static com.atlassecure.api.doctor.Category.XRAY_CLIENT_CONFIG;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.health.HealthCheck;
import com.atlassecure.contract.health.HealthResponse;
import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks of a running API over HTTP: the open {@code GET /health} status, and with the key {@code GET /health/detail}
 * parsed as the contract's {@link HealthResponse}; then whether {@code POST /user-state} refuses a request without the
 * key and accepts the given one. Requests are signed when the API env gives the signing secret. Every request has a
 * timeout.
 */
final class LiveApiChecks {
    /** A well-formed UUID no customer has; asking for it shows whether auth runs before the lookup. */
    static final String PROBE_UUID = "00000000-0000-4000-8000-000000000000";

    private static final String PROBE_BODY = "{\"uuid\":\"" + PROBE_UUID + "\"}";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    LiveApiChecks(URI base, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    List<CheckResult> run(String apiKeyOrNull, byte[] signingSecretOrNull, Optional<LoadedConfig> loaded) {
        List<CheckResult> results = new ArrayList<>();
        Caller anonymous = new Caller(null, null);
        Caller keyed = new Caller(apiKeyOrNull, signingSecretOrNull);
        URI healthUri = URI.create(base + (apiKeyOrNull == null ? "/health" : "/health/detail"));
        HttpResponse<String> health;
        try {
            health = apiKeyOrNull == null ? anonymous.get(healthUri) : keyed.get(healthUri);
        } catch (IOException e) {
            results.add(CheckResult.fail("live.health", VALIDATION, "GET " + healthUri + " failed: " + describe(e)));
            return results;
        }
        results.addAll(apiKeyOrNull == null ? openHealth(healthUri, health) : health(healthUri, health, loaded));
        results.add(refusesWithoutKey(anonymous));
        if (apiKeyOrNull != null) {
            results.add(acceptsKey(keyed, apiKeyOrNull));
        }
        return results;
    }

    /** Without a key only ok or fail can be read (finding M3); the detailed checks are then not assessed. */
    private static List<CheckResult> openHealth(URI uri, HttpResponse<String> response) {
        String status;
        try {
            status = JSON.readTree(response.body()).path("status").asText("");
        } catch (IOException e) {
            status = "";
        }
        boolean ok = response.statusCode() == 200 && status.equals("ok");
        return List.of(CheckResult.of(
                "live.health",
                VALIDATION,
                ok,
                "GET " + uri + ": ok (give --api-key or --api-env for the detailed checks)",
                "GET " + uri + " answered " + response.statusCode() + " status=" + status
                        + " (give --api-key or --api-env to see the failing checks)"));
    }

    private List<CheckResult> health(URI uri, HttpResponse<String> response, Optional<LoadedConfig> loaded) {
        HealthResponse body;
        try {
            body = JSON.readValue(response.body(), HealthResponse.class);
        } catch (IOException e) {
            return List.of(CheckResult.fail(
                    "live.health",
                    VALIDATION,
                    "GET " + uri + " answered " + response.statusCode() + " without a health body ("
                            + e.getClass().getSimpleName() + ")"));
        }
        List<CheckResult> results = new ArrayList<>();
        List<String> failed = body.checks() == null
                ? List.of()
                : body.checks().stream()
                        .filter(c -> !c.ok())
                        .map(LiveApiChecks::describe)
                        .toList();
        boolean ok = body.healthy() && response.statusCode() == 200;
        results.add(CheckResult.of(
                "live.health",
                VALIDATION,
                ok,
                "GET " + uri + ": ok, xray " + body.xrayVersion() + ", " + body.clients() + " clients",
                "GET " + uri + " answered " + response.statusCode() + " status=" + body.status()
                        + (body.xrayReachable() ? "" : ", xray unreachable")
                        + (failed.isEmpty() ? "" : ", failing: " + String.join("; ", failed))));
        results.add(CheckResult.of(
                "live.flow",
                XRAY_CLIENT_CONFIG,
                body.clientsWithoutFlow() == 0,
                "the running API reports 0 of " + body.clients() + " clients without flow",
                "the running API reports " + body.clientsWithoutFlow() + " of " + body.clients()
                        + " clients without flow (run doctor on its config to name them)"));
        results.add(deviceLimit(body));
        loaded.ifPresent(c -> results.add(CheckResult.of(
                "live.link-params",
                LINK_GENERATION,
                body.port() == c.inbound().port() && c.inbound().serverNames().contains(body.sni()),
                "the running API links port " + body.port() + " and sni " + body.sni() + ", as the config says",
                "the running API links port " + body.port() + " and sni " + body.sni() + " but the " + c.where()
                        + " has port " + c.inbound().port() + " and serverNames "
                        + c.inbound().serverNames())));
        return results;
    }

    /** A node that cannot enforce device limits still serves: a warning naming why, never a failure. */
    private static CheckResult deviceLimit(HealthResponse body) {
        String state = body.deviceLimit();
        if ("enforced".equals(state)) {
            return CheckResult.pass("live.device-limit", XRAY_CLIENT_CONFIG, "the running API enforces device limits");
        }
        return CheckResult.warn(
                "live.device-limit",
                XRAY_CLIENT_CONFIG,
                state == null
                        ? "the running API does not report device_limit: it predates the device limit"
                        : "device limits are not enforced: " + state.replaceFirst("^not_enforced: ", ""));
    }

    private CheckResult refusesWithoutKey(Caller anonymous) {
        String id = "live.auth";
        URI uri = URI.create(base + "/user-state");
        try {
            int status = anonymous.post(uri, PROBE_BODY).statusCode();
            return CheckResult.of(
                    id,
                    SECURITY,
                    status == 401,
                    "POST " + uri + " without X-API-Key is refused with 401",
                    "POST " + uri + " without X-API-Key answered " + status + ", expected 401");
        } catch (IOException e) {
            return CheckResult.fail(id, SECURITY, "POST " + uri + " failed: " + describe(e));
        }
    }

    private CheckResult acceptsKey(Caller keyed, String key) {
        String id = "live.key";
        URI uri = URI.create(base + "/user-state");
        String fp = ApiKeys.fingerprint(key);
        try {
            HttpResponse<String> response = keyed.post(uri, PROBE_BODY);
            ErrorCode code = errorCode(response.body());
            if (response.statusCode() == 404 || response.statusCode() == 200) {
                return CheckResult.pass(id, CONFIG_ENV_HYGIENE, "the running API accepts key " + fp);
            }
            if (response.statusCode() == 401 && code != ErrorCode.UNAUTHORIZED && code != ErrorCode.INTERNAL) {
                return CheckResult.pass(
                        id,
                        CONFIG_ENV_HYGIENE,
                        "the running API accepts key " + fp + " and also demands a signature (" + code.code() + ")");
            }
            return CheckResult.fail(
                    id,
                    CONFIG_ENV_HYGIENE,
                    "POST " + uri + " with key " + fp + " answered " + response.statusCode()
                            + (code == ErrorCode.INTERNAL ? "" : " " + code.code()));
        } catch (IOException e) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, "POST " + uri + " failed: " + describe(e));
        }
    }

    /** Sends with the key when given, and signs (principle 10, finding L1) when the secret is given too. */
    private final class Caller {
        private final String key;
        private final byte[] secret;

        Caller(String key, byte[] secret) {
            this.key = key;
            this.secret = secret;
        }

        HttpResponse<String> get(URI uri) throws IOException {
            return send(HttpRequest.newBuilder(uri).GET(), uri, "GET", new byte[0]);
        }

        HttpResponse<String> post(URI uri, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return send(
                    HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                    uri,
                    "POST",
                    body);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, URI uri, String method, byte[] body)
                throws IOException {
            request.timeout(timeout);
            if (key != null) {
                request.header(RequestSigning.API_KEY_HEADER, key);
                if (secret != null) {
                    long ts = Instant.now().getEpochSecond();
                    String nonce = SignedRequest.newNonce();
                    SignedRequest signed = new SignedRequest(
                            ts, nonce, method, SignedRequest.authority(uri), SignedRequest.target(uri), body);
                    request.header(RequestSigning.TIMESTAMP_HEADER, Long.toString(ts))
                            .header(SignedRequest.NONCE_HEADER, nonce)
                            .header(RequestSigning.SIGNATURE_HEADER, signed.sign(secret));
                }
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private static ErrorCode errorCode(String body) {
        try {
            JsonNode code = JSON.readTree(body).path("error").path("code");
            return code.isTextual() ? ErrorCode.fromCode(code.asText()) : ErrorCode.INTERNAL;
        } catch (IOException e) {
            return ErrorCode.INTERNAL;
        }
    }

    private static String describe(HealthCheck c) {
        return c.name() + (c.detail() == null || c.detail().isBlank() ? "" : " (" + c.detail() + ")");
    }

    private static String describe(IOException e) {
        // java.net.http often throws a ConnectException without a message; the cause says more.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + " (" + t.getMessage() + ")";
            }
        }
        return e.getClass().getSimpleName()
                + (e instanceof java.net.ConnectException ? " (nothing answers there)" : "");
    }
}
