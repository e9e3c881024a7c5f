package com.atlassecure.api.http;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.devices.DeviceLimit;
import com.atlassecure.api.health.HealthService;
import com.atlassecure.api.metrics.ApiMetrics;
import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.users.UserRefusedException;
import com.atlassecure.api.users.UsersService;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.contract.devices.UserDevicesRequest;
import com.atlassecure.contract.errors.ErrorBody;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.health.HealthResponse;
import com.atlassecure.contract.health.HealthStatus;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UserBatchRequest;
import com.atlassecure.contract.users.UserStateRequest;
import com.atlassecure.contract.validation.ContractViolation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the API: every route in {@link #routes}, auth applied to all but {@code /health} and
 * {@code /metrics}, one error shape ({@code {"error":{"code","message"}}}) for every failure, no stack trace and no
 * internal detail (addresses, Xray's words) in any answer, and every answer to a signed request signed back.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/metrics");
    private static final ObjectMapper OUT = new ObjectMapper();
    private static final String JSON = "application/json";
    private static final int RESPONSE_BUFFER_BYTES = 4096;

    private final int maxBodyBytes;

    private final UsersService users;
    private final DeviceLimit devices;
    private final HealthService health;
    private final ApiMetrics metrics;
    private final RequestGuard guard;
    private final byte[] signingSecret;
    private final Javalin javalin;

    public ApiServer(
            ApiSettings settings,
            UsersService users,
            DeviceLimit devices,
            HealthService health,
            ApiMetrics metrics,
            Clock clock) {
        this.users = users;
        this.devices = devices;
        this.health = health;
        this.metrics = metrics;
        this.guard = new RequestGuard(settings, clock);
        this.signingSecret = settings.auth().signingSecret();
        this.maxBodyBytes = settings.listen().maxBodyBytes();
        this.javalin = Javalin.create(config -> configure(config, settings));
        if (settings.auth().signing() == SigningMode.OPTIONAL) {
            log.warn("event=signing_optional setting=API_SIGNING value=optional"
                    + " risk=\"UNSIGNED requests are accepted: the X-API-Key alone can add and remove users\""
                    + " fix=API_SIGNING=required");
        }
    }

    private void configure(JavalinConfig config, ApiSettings settings) {
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = BodyLimits.largest(settings.listen().maxBodyBytes());
        // Javalin copies each result through a buffer of this size, allocated per request (32 KB by default). Only
        // errors and /metrics still take that path (see json), and their answers are small.
        config.http.responseBufferSize = RESPONSE_BUFFER_BYTES;
        config.jetty.host = settings.listen().host();
        config.jetty.port = settings.listen().port();
        config.requestLogger.http(this::recordRequest);
        routes(config);
    }

    /** Every route of the API, in one place. */
    private void routes(JavalinConfig config) {
        config.routes.before(ctx -> {
            if (!OPEN_PATHS.contains(ctx.path())) {
                guard.check(ctx);
            }
        });
        config.routes.post("/add-user", ctx -> {
            AddUserRequest req = body(ctx, AddUserRequest.class, "telegram_id", "uuid", "expiry_timestamp_ms");
            json(ctx, 200, devices.withLimit(req.uuid(), req.deviceLimit(), () -> users.addUser(req)));
        });
        config.routes.post("/update-user", ctx -> {
            UpdateUserRequest req = body(ctx, UpdateUserRequest.class, "uuid", "expiry_timestamp_ms");
            json(ctx, 200, devices.withLimit(req.uuid(), req.deviceLimit(), () -> users.updateUser(req)));
        });
        config.routes.post(
                "/users/devices",
                ctx -> json(
                        ctx,
                        200,
                        devices.devices(
                                body(ctx, UserDevicesRequest.class, "uuid").uuid())));
        config.routes.post(
                "/users/devices/reset",
                ctx -> json(
                        ctx,
                        200,
                        devices.reset(
                                body(ctx, UserDevicesRequest.class, "uuid").uuid())));
        config.routes.post(
                "/remove-user", ctx -> json(ctx, 200, users.removeUser(body(ctx, RemoveUserRequest.class, "uuid"))));
        config.routes.post(
                "/user-state",
                ctx -> json(
                        ctx,
                        200,
                        users.user(body(ctx, UserStateRequest.class, "uuid").uuid())));
        // The fleet's routes. /users/digest and /users/traffic go before /users/{uuid}, which would take them for
        // uuids.
        config.routes.get(
                "/users",
                ctx -> json(ctx, 200, users.listing().page(ctx.queryParam("after"), ctx.queryParam("limit"))));
        config.routes.get("/users/digest", ctx -> json(ctx, 200, users.listing().digest()));
        config.routes.get("/users/traffic", ctx -> json(ctx, 200, users.traffic()));
        config.routes.post(
                BodyLimits.BATCH_PATH, ctx -> json(ctx, 200, users.batch(body(ctx, UserBatchRequest.class, "items"))));
        // Deprecated (finding L13): the uuid, a credential, sits in a URL that proxies log. Kept for old callers.
        config.routes.get("/users/{uuid}", ctx -> json(ctx, 200, users.user(ctx.pathParam("uuid"))));
        config.routes.get("/health", this::health);
        config.routes.get("/health/detail", this::healthDetail);
        config.routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));

        config.routes.exception(ContractViolation.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
        config.routes.exception(UserRefusedException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
        config.routes.exception(XrayUnavailableException.class, (e, ctx) -> {
            log.warn("event=xray_unavailable path={} error={}", ctx.path(), e.getMessage());
            // A timeout (DEADLINE_EXCEEDED) lands here too, after which Xray may well have applied the change.
            error(
                    ctx,
                    ErrorCode.XRAY_UNAVAILABLE,
                    "Xray did not answer in time; the change may or may not have been applied; retry (the operation"
                            + " is idempotent)");
        });
        config.routes.exception(XrayException.class, (e, ctx) -> {
            // Xray refused the change. Its words (and the gRPC address) go to the log under a reference, not out.
            String ref = UUID.randomUUID().toString().substring(0, 8);
            log.error("event=xray_error ref={} path={} error={}", ref, ctx.path(), e.getMessage());
            error(ctx, ErrorCode.INTERNAL, "Xray refused the change; nothing was applied (ref " + ref + ")");
        });
        config.routes.exception(StoreException.class, (e, ctx) -> internal(ctx, e));
        config.routes.exception(
                HttpResponseException.class, (e, ctx) -> error(ctx, codeFor(e.getStatus()), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> internal(ctx, e));
        config.routes.error(404, ctx -> {
            if (!hasErrorBody(ctx)) {
                error(ctx, ErrorCode.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path());
            }
        });
        config.routes.error(405, ctx -> {
            if (!hasErrorBody(ctx)) {
                error(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method " + ctx.method() + " not allowed on " + ctx.path());
            }
        });
    }

    /** Open to anyone, so only ok or fail (finding M3); the check behind it runs at most about once a second. */
    private void health(Context ctx) {
        boolean healthy = health.check().healthy();
        json(ctx, healthy ? 200 : 503, healthy ? HealthStatus.OK : HealthStatus.FAIL);
    }

    private void healthDetail(Context ctx) {
        HealthResponse h = health.check();
        json(ctx, h.healthy() ? 200 : 503, h);
    }

    public ApiServer start() {
        javalin.start();
        return this;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private <T> T body(Context ctx, Class<T> type, String... required) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            throw new ContractViolation(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        return StrictJson.read(
                RequestBody.of(ctx, BodyLimits.forPath(ctx.path(), maxBodyBytes)), type, List.of(required));
    }

    private void json(Context ctx, int status, Object value) {
        byte[] bytes;
        try {
            bytes = OUT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
        ctx.status(status).contentType(JSON);
        String requestSignature = ctx.attribute(RequestGuard.VERIFIED_SIGNATURE);
        if (requestSignature != null) {
            ctx.header(ResponseSigning.HEADER, ResponseSigning.sign(signingSecret, requestSignature, bytes));
        }
        if (status != 200) {
            // Errors go through Javalin's result, which its 404 and 405 handlers read (see hasErrorBody).
            ctx.result(bytes);
            return;
        }
        // Straight into Jetty's buffer: Javalin would copy a result through a fresh buffer for every response.
        try {
            ctx.res().setContentLength(bytes.length);
            ctx.res().getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the response to " + ctx.path(), e);
        }
    }

    private void error(Context ctx, ErrorCode code, String message) {
        json(ctx, code.httpStatus(), ErrorBody.of(code, message));
    }

    private static boolean hasErrorBody(Context ctx) {
        String result = ctx.result();
        return result != null && result.startsWith("{\"error\"");
    }

    private void internal(Context ctx, Exception e) {
        // The trace goes to the log under a reference the caller can quote; never into the answer.
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("event=internal_error ref={} path={} error={}", ref, ctx.path(), e.toString(), e);
        error(ctx, ErrorCode.INTERNAL, "internal error (ref " + ref + ")");
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 401 -> ErrorCode.UNAUTHORIZED;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_FIELD;
        };
    }

    private void recordRequest(Context ctx, Float ms) {
        String route;
        try {
            Endpoint e = ctx.endpoints().lastHttpEndpoint();
            route = e == null ? "unmatched" : e.path;
        } catch (RuntimeException ex) {
            route = "unmatched";
        }
        int status = ctx.status().getCode();
        metrics.request(route, ctx.method().name(), status, Duration.ofNanos((long) (ms * 1_000_000)));
        // Per-request lines are debug: the business events (user_added...) are logged by the service at info. The
        // guard matters: the arguments (String.format above all) cost more than the rest of this method.
        if (!log.isDebugEnabled()) {
            return;
        }
        log.debug(
                "event=http_request method={} route={} status={} ms={} ip={}",
                ctx.method().name(),
                route,
                status,
                String.format(Locale.ROOT, "%.2f", ms),
                ctx.ip());
    }
}
