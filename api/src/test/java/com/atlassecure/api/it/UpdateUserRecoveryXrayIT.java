package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static com.atlassecure.api.support.ApiUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xrayconfig.XrayConfig;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** update-user brings a missing client back, with flow, live and working, and says so with recovered=true. */
@RequiresXray
class UpdateUserRecoveryXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiUnderTest api;
    private static LoopbackHttpServer http;

    @BeforeAll
    static void start() {
        api = new ApiUnderTest(XrayBinary.require());
        http = LoopbackHttpServer.start("recovered");
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

    private static JsonNode update(String json) throws IOException {
        HttpResponse<String> r = api.post("/update-user", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static XrayUser live(String email) {
        return api.control.findUser(api.serverConfig.tag(), email).orElse(null);
    }

    @Test
    void updateOfALiveUserSetsTheExpiryAndIsNotARecovery() throws IOException {
        String uuid = UUID.randomUUID().toString();
        assertThat(api.post("/add-user", addUserJson(3001, uuid, api.inAMonth()))
                        .statusCode())
                .isEqualTo(200);
        long later = api.inAMonth() + 86_400_000L;

        JsonNode r = update("{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":" + later + "}");

        assertThat(r.get("recovered").asBoolean()).isFalse();
        assertThat(r.get("expiry_timestamp_ms").asLong()).isEqualTo(later);
        assertThat(eventually(
                        Duration.ofSeconds(3),
                        () -> XrayConfig.load(api.xray.configFile()).inbound(api.serverConfig.tag()).clients().stream()
                                .anyMatch(c -> c.id().equals(uuid)
                                        && Long.valueOf(later).equals(c.expiryTime()))))
                .isTrue();
    }

    @Test
    void updateAfterRemoveUserRecoversTheClientWithFlowAndItCarriesTraffic(XrayBinary xray) throws IOException {
        String uuid = UUID.randomUUID().toString();
        assertThat(api.post("/add-user", addUserJson(3002, uuid, api.inAMonth()))
                        .statusCode())
                .isEqualTo(200);
        assertThat(api.post("/remove-user", "{\"uuid\":\"" + uuid + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(live("user_3002")).isNull();

        JsonNode r = update(
                "{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":" + api.inAMonth() + ",\"telegram_id\":3002}");

        assertThat(r.get("recovered").asBoolean()).isTrue();
        assertThat(live("user_3002").flow()).isEqualTo("xtls-rprx-vision");
        assertThat(live("user_3002").id()).isEqualTo(uuid);
        RealityClientConfig config =
                TrafficXrayIT.clientFromLink(r.get("vless_link").asText());
        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            SocksHttp.Response response = SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(60));
            assertThat(response.body()).as(api.xray.log()).isEqualTo("recovered");
        }
    }

    @Test
    void updateRecoversAClientDeletedFromLiveXrayBehindTheApisBack() throws IOException {
        String uuid = UUID.randomUUID().toString();
        assertThat(api.post("/add-user", addUserJson(3003, uuid, api.inAMonth()))
                        .statusCode())
                .isEqualTo(200);
        api.control.removeUser(api.serverConfig.tag(), "user_3003"); // straight over gRPC, the API does not know
        assertThat(live("user_3003")).isNull();

        JsonNode r = update("{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":" + api.inAMonth() + "}");

        assertThat(r.get("recovered").asBoolean()).isTrue();
        assertThat(live("user_3003").id()).isEqualTo(uuid);
        assertThat(live("user_3003").flow()).isEqualTo("xtls-rprx-vision");
    }

    @Test
    void updateOfAUuidTheStoreNeverKnewAddsItAsRecoveredWithTheRecoveredEmail() throws IOException {
        String uuid = UUID.randomUUID().toString();

        JsonNode r = update("{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":" + api.inAMonth() + "}");

        assertThat(r.get("recovered").asBoolean()).isTrue();
        // Decision 0016: the email is user_recovered_<uuid8>_<digest>, distinct per uuid (it was
        // user_recovered_<uuid8>, which two uuids could share); the API says which in GET /users/{uuid}.
        String email =
                JSON.readTree(api.get("/users/" + uuid).body()).get("email").asText();
        assertThat(email)
                .startsWith("user_recovered_" + uuid.substring(0, 8) + "_")
                .doesNotContain(uuid);
        assertThat(live(email).id()).isEqualTo(uuid);
        assertThat(live(email).flow()).isEqualTo("xtls-rprx-vision");
    }
}
