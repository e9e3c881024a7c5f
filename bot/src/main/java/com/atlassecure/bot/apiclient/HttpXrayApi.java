package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.devices.UserDevicesRequest;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserBatchRequest;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.validation.DeviceLimits;
import com.atlassecure.contract.validation.Expiry;
import com.atlassecure.contract.validation.TelegramIds;
import com.atlassecure.contract.validation.Uuids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link XrayApi} and {@link NodeSync} over HTTP with {@link HttpClient}: JSON bodies from the contract records, {@code X-API-Key} on
 * every call, and a timeout on connect and on each request. With a signing secret every request is signed (host and
 * a fresh {@code X-Request-Id} included, finding L1), and every answer must carry a valid {@code
 * X-Response-Signature} bound to that request (finding L14). Thread-safe.
 */
public final class HttpXrayApi implements XrayApi, NodeSync, NodeDevices, NodeTraffic {
    private static final Logger log = LoggerFactory.getLogger(HttpXrayApi.class);

    private final URI baseUrl;
    private final String apiKey;
    private final byte[] signingSecret;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public HttpXrayApi(URI baseUrl, String apiKey, byte[] signingSecret, Duration timeout, Clock clock) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.apiKey = apiKey;
        this.signingSecret = signingSecret == null ? null : signingSecret.clone();
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public ProvisionedKey addUser(long telegramId, String uuid, long expiryTimestampMs, Integer deviceLimit) {
        String sent = checkedUuid(uuid);
        AddUserRequest request = new AddUserRequest(
                TelegramIds.requireValid(telegramId),
                sent,
                Expiry.requireValid(expiryTimestampMs),
                DeviceLimits.requireValid(deviceLimit));
        return ResponseValidator.validate("add-user", sent, post("/add-user", request));
    }

    @Override
    public ProvisionedKey updateUser(long telegramId, String uuid, long expiryTimestampMs, Integer deviceLimit) {
        String sent = checkedUuid(uuid);
        UpdateUserRequest request = new UpdateUserRequest(
                sent,
                Expiry.requireValid(expiryTimestampMs),
                TelegramIds.requireValid(telegramId),
                DeviceLimits.requireValid(deviceLimit));
        return ResponseValidator.validate("update-user", sent, post("/update-user", request));
    }

    @Override
    public boolean removeUser(String uuid) {
        String sent = checkedUuid(uuid);
        JsonNode body = post("/remove-user", new RemoveUserRequest(sent));
        JsonNode removed = body == null ? null : body.get("removed");
        String answered = body == null || body.get("uuid") == null
                ? null
                : body.get("uuid").asText();
        if (removed == null
                || !removed.isBoolean()
                || answered == null
                || !answered.strip().equals(sent)) {
            throw new InvalidResponseError("remove-user: the answer lacks 'removed' or names another uuid");
        }
        return removed.asBoolean();
    }

    @Override
    public DeviceCount devices(String uuid) {
        String sent = checkedUuid(uuid);
        return DeviceCount.read("users/devices", sent, post("/users/devices", new UserDevicesRequest(sent)));
    }

    @Override
    public DeviceCount resetDevices(String uuid) {
        String sent = checkedUuid(uuid);
        return DeviceCount.read(
                "users/devices/reset", sent, post("/users/devices/reset", new UserDevicesRequest(sent)));
    }

    @Override
    public Map<String, long[]> traffic() {
        JsonNode users = call("GET", "/users/traffic", null).path("users");
        if (!users.isArray()) {
            throw new InvalidResponseError("users/traffic: the answer has no users array");
        }
        Map<String, long[]> counters = new HashMap<>();
        for (JsonNode user : users) {
            String uuid = user.path("uuid").asText("");
            JsonNode up = user.path("uplink_bytes");
            JsonNode down = user.path("downlink_bytes");
            if (!Uuids.isValid(uuid)
                    || !up.canConvertToLong()
                    || !down.canConvertToLong()
                    || up.asLong() < 0
                    || down.asLong() < 0) {
                throw new InvalidResponseError("users/traffic: an entry is not a uuid with two byte counts");
            }
            counters.put(uuid.toLowerCase(Locale.ROOT), new long[] {up.asLong(), down.asLong()});
        }
        return counters;
    }

    @Override
    public UserDigest digest() {
        return SyncAnswers.digest(call("GET", "/users/digest", null));
    }

    @Override
    public UserPage page(String after, int limit) {
        if (limit < 1 || limit > UserPage.MAX_LIMIT) {
            throw new IllegalArgumentException("limit=" + limit + " but a page holds 1 to " + UserPage.MAX_LIMIT);
        }
        String from = after == null ? null : checkedUuid(after);
        String target = "/users?limit=" + limit + (from == null ? "" : "&after=" + from);
        return SyncAnswers.page(call("GET", target, null), from, limit);
    }

    @Override
    public List<BatchOutcome> batch(List<UserBatchItem> items) {
        if (items.isEmpty() || items.size() > UserBatchRequest.MAX_ITEMS) {
            throw new IllegalArgumentException(
                    "a batch holds 1 to " + UserBatchRequest.MAX_ITEMS + " items, not " + items.size());
        }
        for (UserBatchItem item : items) {
            checkedUuid(item.uuid());
        }
        return SyncAnswers.batch(items, post("/users/batch", new UserBatchRequest(List.copyOf(items))));
    }

    private static String checkedUuid(String uuid) {
        // The bot sends exactly what it stored; validation here only refuses to send something the API must reject.
        return Uuids.requireValid(uuid);
    }

    private JsonNode post(String path, Object request) {
        try {
            return call("POST", path, json.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + request.getClass().getSimpleName(), e);
        }
    }

    /** One signed call; {@code body} null for a GET. The target (path and query) is what the signature covers. */
    private JsonNode call(String method, String target, byte[] requestBody) {
        byte[] body = requestBody == null ? new byte[0] : requestBody;
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        URI uri = URI.create(baseUrl + target);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header(RequestSigning.API_KEY_HEADER, apiKey);
        if (requestBody == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        String signature = null;
        if (signingSecret != null) {
            long timestamp = clock.instant().getEpochSecond();
            String nonce = SignedRequest.newNonce();
            signature = new SignedRequest(
                            timestamp, nonce, method, SignedRequest.authority(uri), SignedRequest.target(uri), body)
                    .sign(signingSecret);
            builder.header(RequestSigning.TIMESTAMP_HEADER, Long.toString(timestamp));
            builder.header(SignedRequest.NONCE_HEADER, nonce);
            builder.header(RequestSigning.SIGNATURE_HEADER, signature);
        }
        HttpResponse<byte[]> response;
        long started = System.nanoTime();
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ApiUnavailableError(method + " " + path + " timed out after " + timeout, e);
        } catch (IOException e) {
            throw new ApiUnavailableError(
                    method + " " + path + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailableError(method + " " + path + " interrupted", e);
        }
        int status = response.statusCode();
        log.debug("event=api_call path={} status={} ms={}", path, status, (System.nanoTime() - started) / 1_000_000);
        if (signature != null) {
            checkResponseSignature(path, signature, response);
        }
        JsonNode parsed = parse(response.body());
        if (status >= 200 && status < 300) {
            if (parsed == null) {
                throw new InvalidResponseError(
                        path.substring(1) + ": status " + status + " with a body that is not JSON");
            }
            return parsed;
        }
        if (status >= 500 || status == 429) {
            throw new ApiUnavailableError(method + " " + path + " answered " + status + errorDetail(parsed), null);
        }
        JsonNode error = parsed == null ? null : parsed.path("error");
        ErrorCode code = error == null || error.isMissingNode()
                ? ErrorCode.INTERNAL
                : ErrorCode.fromCode(error.path("code").asText());
        String message =
                error == null ? "(no error body)" : error.path("message").asText("(no message)");
        throw new ApiRejectedError(status, code, message);
    }

    /**
     * Only the API holds the secret, so only it can sign an answer to this very request. A 2xx without a valid
     * signature is refused (whoever sits between could have written its link); an error answer without one is
     * tolerated, because the proxy or an unauthenticated refusal (401, 429) cannot sign, and every error is retried.
     */
    private void checkResponseSignature(String path, String requestSignature, HttpResponse<byte[]> response) {
        String presented = response.headers().firstValue(ResponseSigning.HEADER).orElse(null);
        boolean success = response.statusCode() >= 200 && response.statusCode() < 300;
        if (presented == null && !success) {
            return;
        }
        if (!ResponseSigning.matches(signingSecret, requestSignature, response.body(), presented)) {
            throw new InvalidResponseError(path.substring(1) + ": status " + response.statusCode() + " with "
                    + (presented == null ? "no" : "a wrong") + " X-Response-Signature; the answer is not the API's");
        }
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorDetail(JsonNode parsed) {
        if (parsed == null) {
            return "";
        }
        JsonNode code = parsed.path("error").path("code");
        return code.isMissingNode() ? "" : " code=" + code.asText();
    }
}
