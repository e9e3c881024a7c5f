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
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks of a running API over HTTP: {@code GET /health} parsed as the contract's {@link HealthResponse}, and whether
 * a protected route refuses a request without the key and accepts the given one. Every request has a timeout.
 */
final class LiveApiChecks {
    /** A well-formed UUID no customer has; asking for it shows whether auth runs before the lookup. */
    static final String PROBE_UUID = "00000000-0000-4000-8000-000000000000";

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

    List<CheckResult> run(String apiKeyOrNull, Optional<LoadedConfig> loaded) {
        List<CheckResult> results = new ArrayList<>();
        URI healthUri = URI.create(base + "/health");
        HttpResponse<String> health;
        try {
            health = get(healthUri, null);
        } catch (IOException e) {
            results.add(CheckResult.fail("live.health", VALIDATION, "GET " + healthUri + " failed: " + describe(e)));
            return results;
        }
        results.addAll(health(healthUri, health, loaded));
        results.add(refusesWithoutKey());
        if (apiKeyOrNull != null) {
            results.add(acceptsKey(apiKeyOrNull));
        }
        return results;
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

    private CheckResult refusesWithoutKey() {
        String id = "live.auth";
        URI uri = URI.create(base + "/users/" + PROBE_UUID);
        try {
            int status = get(uri, null).statusCode();
            return CheckResult.of(
                    id,
                    SECURITY,
                    status == 401,
                    "GET " + uri + " without X-API-Key is refused with 401",
                    "GET " + uri + " without X-API-Key answered " + status + ", expected 401");
        } catch (IOException e) {
            return CheckResult.fail(id, SECURITY, "GET " + uri + " failed: " + describe(e));
        }
    }

    private CheckResult acceptsKey(String key) {
        String id = "live.key";
        URI uri = URI.create(base + "/users/" + PROBE_UUID);
        String fp = ApiKeys.fingerprint(key);
        try {
            HttpResponse<String> response = get(uri, key);
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
                    "GET " + uri + " with key " + fp + " answered " + response.statusCode()
                            + (code == ErrorCode.INTERNAL ? "" : " " + code.code()));
        } catch (IOException e) {
            return CheckResult.fail(id, CONFIG_ENV_HYGIENE, "GET " + uri + " failed: " + describe(e));
        }
    }

    private HttpResponse<String> get(URI uri, String keyOrNull) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (keyOrNull != null) {
            request.header("X-API-Key", keyOrNull);
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
