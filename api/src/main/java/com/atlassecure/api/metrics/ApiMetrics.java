package com.atlassecure.api.metrics;

import com.atlassecure.api.users.ReconcileReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The API's Prometheus metrics, with the names and tags operators alert on. Thread-safe. */
public final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter expiryRemovals;
    private final AtomicLong lastDrift = new AtomicLong();
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    public ApiMetrics() {
        expiryRemovals = Counter.builder("atlas_api_expiry_removals")
                .description("Users removed live and from the config because their expiry passed")
                .register(registry);
        Gauge.builder("atlas_api_reconcile_last_drift", lastDrift, AtomicLong::get)
                .description("Users the last reconcile had to fix")
                .register(registry);
    }

    public void bindClients(LongSupplier activeClients) {
        Gauge.builder("atlas_api_clients", activeClients::getAsLong)
                .description("Active clients in the user store")
                .register(registry);
    }

    public void bindConfigRenderLag(LongSupplier lagMs) {
        Gauge.builder("atlas_api_config_render_lag_ms", lagMs::getAsLong)
                .description("How long the oldest user change has waited to reach config.json")
                .register(registry);
    }

    public void request(String route, String method, int status, Duration took) {
        // Looked up once per route/method/status: building and registering the id per request was a measurable part
        // of a request's CPU. The key space is small (routes are templates, unmatched paths share one key).
        requestTimers
                .computeIfAbsent(
                        new RequestKey(route, method, status),
                        k -> Timer.builder("atlas_api_requests")
                                .description("HTTP requests by route and status")
                                .tag("route", k.route())
                                .tag("method", k.method())
                                .tag("status", Integer.toString(k.status()))
                                .publishPercentileHistogram()
                                // Exact bucket edges at the latency targets: "share of requests within 5 ms" is a
                                // query, not an interpolation between 4.19 and 5.59.
                                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10))
                                .register(registry))
                .record(took);
    }

    private record RequestKey(String route, String method, int status) {}

    public void expired(int count) {
        expiryRemovals.increment(count);
    }

    public void reconciled(ReconcileReport report) {
        if (!report.ok()) {
            Counter.builder("atlas_api_reconcile_failures").register(registry).increment();
            return;
        }
        lastDrift.set(report.drift());
        drift("added", report.added());
        drift("removed", report.removed());
        drift("replaced", report.replaced());
    }

    private void drift(String kind, int n) {
        Counter.builder("atlas_api_reconcile_drift")
                .description("Live users reconcile fixed, by kind")
                .tag("kind", kind)
                .register(registry)
                .increment(n);
    }

    public void grpcError(String method, String kind) {
        Counter.builder("atlas_api_grpc_errors")
                .description("Failed gRPC calls to Xray by method and kind")
                .tag("method", method)
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /** The registry behind {@code /metrics}, for collaborators that register their own meters. */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }
}
