package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.compat.CoreVersion;
import com.atlassecure.api.health.HealthService;
import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /health/detail reports the real state (and 503 when Xray is down); /metrics serves Prometheus text without auth;
 * the open /health carries no fingerprint of the server.
 */
@RequiresXray
class HealthMetricsXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthIsOkWithEveryCheckAndFailsWith503WhenXrayIsDown(XrayBinary binary) throws Exception {
        try (ApiUnderTest api = new ApiUnderTest(binary)) {
            assertThat(api.post("/add-user", addUserJson(8001, UUID.randomUUID().toString(), api.inAMonth()))
                            .statusCode())
                    .isEqualTo(200);
            api.app.renderer().renderNow();

            // Setup adapted for finding M3: the detail needs the key (api.get sends it); /health says ok or fail.
            HttpResponse<String> ok = api.get("/health/detail");
            JsonNode h = JSON.readTree(ok.body());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(h.get("status").asText()).isEqualTo("ok");
            assertThat(h.get("xray_reachable").asBoolean()).isTrue();
            assertThat(h.get("xray_version").asText()).isEqualTo(binary.version());
            // The testkit's server config writes no minClientVer, so the running Xray's own default shows.
            boolean impliesOne = CoreVersion.ofXrayVersionLine(binary.version())
                    .orElseThrow()
                    .atLeast(CoreVersion.parse("26.7.11"));
            assertThat(h.get("min_client_ver").asText())
                    .isEqualTo(impliesOne ? "26.3.27 (Xray's default: unset)" : "none");
            assertThat(h.get("clients").asLong()).isEqualTo(1);
            assertThat(h.get("clients_without_flow").asLong()).isZero();
            assertThat(h.get("port").asInt()).isEqualTo(api.serverConfig.port());
            assertThat(h.get("sni").asText()).isEqualTo(api.serverConfig.serverName());
            assertThat(h.get("last_reconcile_ms").isNumber()).isTrue();
            assertThat(h.get("session_closing").asText()).isEqualTo("not_configured");
            assertThat(h.get("checks").findValuesAsText("name"))
                    .contains(
                            "xray_reachable",
                            "clients_have_flow",
                            "port",
                            "sni",
                            "public_key",
                            "short_id",
                            "config_render",
                            "reconcile");

            api.xray.stop();
            Thread.sleep(HealthService.MAX_AGE.toMillis() + 100); // past the health answer's reuse window
            HttpResponse<String> down = api.get("/health/detail");
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).get("xray_reachable").asBoolean())
                    .isFalse();

            HttpResponse<String> add =
                    api.post("/add-user", addUserJson(8002, UUID.randomUUID().toString(), api.inAMonth()));
            assertThat(add.statusCode()).as(add.body()).isEqualTo(503);
            assertThat(JSON.readTree(add.body()).at("/error/code").asText()).isEqualTo("xray_unavailable");
            assertThat(api.app.store().view().byEmail("user_8002"))
                    .as("nothing stored when Xray is down")
                    .isEmpty();
        }
    }

    @Test
    void theOpenHealthCarriesNoVersionKeyShortIdPortPathOrCount(XrayBinary binary) throws Exception {
        try (ApiUnderTest api = new ApiUnderTest(binary)) {
            assertThat(api.post("/add-user", addUserJson(8201, UUID.randomUUID().toString(), api.inAMonth()))
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> open =
                    api.send(HttpRequest.newBuilder(api.uri("/health")).build());

            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).isEqualTo("{\"status\":\"ok\"}");
            for (String leak : new String[] {
                "26.3.27",
                api.keys.publicKey(),
                api.shortId,
                api.serverConfig.serverName(),
                String.valueOf(api.serverConfig.port()),
                api.xray.configFile().toString(),
                api.xray.apiAddress()
            }) {
                assertThat(open.body()).doesNotContain(leak);
            }
        }
    }

    @Test
    void metricsServePrometheusTextWithRequestsClientsAndGrpcErrors(XrayBinary binary) {
        try (ApiUnderTest api = new ApiUnderTest(binary)) {
            assertThat(api.post("/add-user", addUserJson(8101, UUID.randomUUID().toString(), api.inAMonth()))
                            .statusCode())
                    .isEqualTo(200);
            api.xray.stop();
            api.post("/add-user", addUserJson(8102, UUID.randomUUID().toString(), api.inAMonth()));

            HttpResponse<String> m =
                    api.send(HttpRequest.newBuilder(api.uri("/metrics")).build());

            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.body())
                    .contains("atlas_api_requests_seconds_bucket{")
                    .contains("route=\"/add-user\"")
                    .contains("status=\"200\"")
                    .contains("status=\"503\"")
                    .contains("atlas_api_clients 1.0")
                    .contains("atlas_api_grpc_errors_total{kind=\"unavailable\",method=\"add_user\"}")
                    .contains("atlas_api_reconcile_drift_total");
        }
    }
}
