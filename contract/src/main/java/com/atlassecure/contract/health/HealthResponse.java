package com.atlassecure.contract.health;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Answer to {@code GET /health}. {@code status} is {@code ok} or {@code fail}; the API answers 503 with the same body
 * when it is {@code fail}. {@code deviceLimit} is {@code enforced} or {@code not_enforced: why}; a node that cannot
 * enforce the limit still serves, so it does not fail the health.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HealthResponse(
        String status,
        boolean xrayReachable,
        String xrayVersion,
        String minClientVer,
        long clients,
        long clientsWithoutFlow,
        int port,
        String sni,
        Long lastReconcileMs,
        long configRenderLagMs,
        String sessionClosing,
        String deviceLimit,
        List<HealthCheck> checks) {

    public boolean healthy() {
        return "ok".equals(status);
    }
}
