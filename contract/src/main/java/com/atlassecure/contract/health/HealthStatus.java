package com.atlassecure.contract.health;

/**
 * Answer to the unauthenticated {@code GET /health}: only {@code ok} or {@code fail} (HTTP 200 or 503). Everything
 * else ({@link HealthResponse}) needs the API key, so a stranger learns nothing that fingerprints the server.
 */
public record HealthStatus(String status) {
    public static final HealthStatus OK = new HealthStatus("ok");
    public static final HealthStatus FAIL = new HealthStatus("fail");
}
