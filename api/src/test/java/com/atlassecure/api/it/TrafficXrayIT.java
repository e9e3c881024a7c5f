package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.links.VlessLink;
import com.atlassecure.api.links.VlessLinks;
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
 * Real bytes through REALITY + Vision with a client xray configured only from the link the API returned; after
 * remove-user new connections fail; a client without flow never passes traffic (the audit's failure, pinned). The
 * fleet's batch route is held to the same: its users are live with flow, its links carry bytes until a batch removes
 * them, its digest matches an independent one, and Xray is never restarted.
 */
@RequiresXray
class TrafficXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "through the tunnel";
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

    /** A client xray built from the link alone: every server fact it uses comes from the link's parameters. */
    static RealityClientConfig clientFromLink(String vlessLink) {
        VlessLink link = VlessLinks.parse(vlessLink);
        return RealityClientConfig.builder()
                .serverAddress(link.host())
                .serverPort(link.port())
                .serverName(link.param("sni"))
                .publicKey(link.param("pbk"))
                .shortId(link.param("sid"))
                .fingerprint(link.param("fp"))
                .userId(link.uuid())
                .flow(link.param("flow"));
    }

    static String addUser(long telegramId, String uuid) throws IOException {
        HttpResponse<String> r = api.post("/add-user", addUserJson(telegramId, uuid, api.inAMonth()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("vless_link").asText();
    }

    @Test
    void usersTrafficAnswersEveryUsersCountersInOneQueryAsUserStateCountsThem(XrayBinary xray) throws IOException {
        String busy = UUID.randomUUID().toString();
        String idle = UUID.randomUUID().toString();
        RealityClientConfig config = clientFromLink(addUser(2101, busy));
        addUser(2102, idle);
        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            assertThat(SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(60))
                            .body())
                    .isEqualTo(BODY);
        }
        JsonNode state = JSON.readTree(
                api.post("/user-state", "{\"uuid\":\"" + busy + "\"}").body());

        HttpResponse<String> answer = api.get("/users/traffic");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode users = JSON.readTree(answer.body()).get("users");
        JsonNode mine = null;
        for (JsonNode user : users) {
            assertThat(user.get("uuid").asText()).isNotEqualTo(idle);
            if (user.get("uuid").asText().equals(busy)) {
                mine = user;
            }
        }
        assertThat(mine)
                .as("the user who moved bytes is listed: %s", answer.body())
                .isNotNull();
        assertThat(mine.get("downlink_bytes").asLong()).isGreaterThanOrEqualTo(BODY.length());
        assertThat(mine.get("downlink_bytes").asLong())
                .isEqualTo(state.get("downlink_bytes").asLong());
        assertThat(mine.get("uplink_bytes").asLong())
                .isEqualTo(state.get("uplink_bytes").asLong());
    }

    @Test
    void aClientBuiltFromTheReturnedLinkMovesBytesAndStopsAfterRemoveUser(XrayBinary xray) throws IOException {
        String uuid = UUID.randomUUID().toString();
        RealityClientConfig config = clientFromLink(addUser(2001, uuid));

        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            SocksHttp.Response response = SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(60));
            assertThat(response.body()).as(api.xray.log()).isEqualTo(BODY);

            HttpResponse<String> removed = api.post("/remove-user", "{\"uuid\":\"" + uuid + "\"}");
            assertThat(removed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(removed.body()).get("removed").asBoolean()).isTrue();

            int before = http.requests();
            assertThatThrownBy(() -> SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(20)))
                    .isInstanceOf(IOException.class);
            assertThat(http.requests()).isEqualTo(before);
        }
    }

    @Test
    void aClientWithoutFlowGetsNoTrafficEvenThoughTheUserIsLive(XrayBinary xray) throws IOException {
        String uuid = UUID.randomUUID().toString();
        RealityClientConfig config = clientFromLink(addUser(2002, uuid)).flow("");
        int before = http.requests();

        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            assertThatThrownBy(() -> SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(20)))
                    .isInstanceOf(IOException.class);
            assertThat(http.requests()).isEqualTo(before);
            assertThat(api.xray.awaitLog("rejected since the client flow is empty", Duration.ofSeconds(10)))
                    .as(api.xray.log())
                    .isTrue();
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
                clientFromLink(results.get(17).get("vless_link").asText());
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
