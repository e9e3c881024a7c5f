package com.atlassecure.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.contract.users.ActiveUsersDigest;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet's batch route against real Xray: a batch's users are live with Vision flow and a real client carries bytes
 * through a link the batch answered; a batch removal cuts it; the digest matches an independent one; Xray never
 * restarts (its uptime only grows).
 */
@RequiresXray
class FleetBatchXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "through a batch-made key";
    private static ApiUnderTest api;
    private static LoopbackHttpServer http;

    @BeforeAll
    static void start() {
        api = new ApiUnderTest(XrayBinary.require());
        http = LoopbackHttpServer.start(BODY);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static JsonNode batch(List<String> items) throws IOException {
        HttpResponse<String> r = api.post("/users/batch", "{\"items\":[" + String.join(",", items) + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("results");
    }

    @Test
    void aBatchMakesLiveVisionUsersWhoseLinksCarryBytesUntilABatchRemovesThem(XrayBinary xray) throws Exception {
        long uptimeBefore = api.control.uptimeSeconds();
        long expiry = api.inAMonth();
        TreeMap<String, Long> wanted = new TreeMap<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String uuid = UUID.randomUUID().toString();
            wanted.put(uuid, expiry + i);
            items.add("{\"op\":\"add\",\"telegram_id\":" + (7000 + i) + ",\"uuid\":\"" + uuid
                    + "\",\"expiry_timestamp_ms\":" + (expiry + i) + "}");
        }

        JsonNode results = batch(items);

        assertThat(results).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        for (int i = 0; i < 200; i++) {
            Optional<XrayUser> live = api.control.findUser(api.serverConfig.tag(), "user_" + (7000 + i));
            assertThat(live).as("user_%d live", 7000 + i).isPresent();
            assertThat(live.get().flow()).isEqualTo("xtls-rprx-vision");
        }
        ActiveUsersDigest independent = new ActiveUsersDigest();
        wanted.forEach(independent::add);
        HttpResponse<String> digest = api.get("/users/digest");
        assertThat(JSON.readTree(digest.body()).get("sha256").asText())
                .isEqualTo(independent.finish().sha256());

        String uuid = results.get(17).get("uuid").asText();
        RealityClientConfig config =
                TrafficXrayIT.clientFromLink(results.get(17).get("vless_link").asText());
        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            SocksHttp.Response response = SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(60));
            assertThat(response.body()).as(api.xray.log()).isEqualTo(BODY);

            JsonNode removed = batch(List.of("{\"op\":\"remove\",\"uuid\":\"" + uuid + "\"}"));
            assertThat(removed.get(0).get("removed").asBoolean()).isTrue();

            int before = http.requests();
            assertThatThrownBy(() -> SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(20)))
                    .isInstanceOf(IOException.class);
            assertThat(http.requests()).isEqualTo(before);
        }
        assertThat(api.control.findUser(api.serverConfig.tag(), "user_7017")).isEmpty();
        assertThat(api.control.uptimeSeconds()).as("Xray was never restarted").isGreaterThanOrEqualTo(uptimeBefore);
    }
}
