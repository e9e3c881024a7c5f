package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static com.atlassecure.api.support.ApiUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.links.VlessLink;
import com.atlassecure.api.links.VlessLinks;
import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** add-user against real xray: live with flow, on disk with flow within the render delay, and a correct link. */
@RequiresXray
class AddUserXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiUnderTest api;

    @BeforeAll
    static void start() {
        api = new ApiUnderTest(XrayBinary.require());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void addUserMakesTheClientLiveWithVisionFlow() throws Exception {
        String uuid = UUID.randomUUID().toString();
        HttpResponse<String> r = api.post("/add-user", addUserJson(1001, uuid, api.inAMonth()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Optional<XrayUser> live = api.control.findUser(api.serverConfig.tag(), "user_1001");
        assertThat(live).isPresent();
        assertThat(live.get().id()).isEqualTo(uuid);
        assertThat(live.get().flow()).isEqualTo("xtls-rprx-vision");
    }

    @Test
    void addUserWritesTheClientWithFlowToConfigWithinTheRenderDelay() {
        String uuid = UUID.randomUUID().toString();
        long expiry = api.inAMonth();
        assertThat(api.post("/add-user", addUserJson(1002, uuid, expiry)).statusCode())
                .isEqualTo(200);

        boolean onDisk =
                eventually(Duration.ofSeconds(3), () -> clientOnDisk(uuid).isPresent());

        assertThat(onDisk).as(api.xray.readConfig()).isTrue();
        ClientEntry c = clientOnDisk(uuid).orElseThrow();
        assertThat(c.flow()).isEqualTo("xtls-rprx-vision");
        assertThat(c.email()).isEqualTo("user_1002");
        assertThat(c.expiryTime()).isEqualTo(expiry);
        assertThat(XrayConfig.load(api.xray.configFile())
                        .inbound(api.serverConfig.tag())
                        .clientsWithoutVisionFlow())
                .isEmpty();
    }

    @Test
    void addUserAnswersALinkWhoseEveryParameterMatchesTheInbound() throws Exception {
        String uuid = UUID.randomUUID().toString();
        long expiry = api.inAMonth();
        HttpResponse<String> r = api.post("/add-user", addUserJson(1003, uuid, expiry));
        JsonNode body = JSON.readTree(r.body());

        assertThat(body.get("uuid").asText()).isEqualTo(uuid);
        assertThat(body.get("email").asText()).isEqualTo("user_1003");
        assertThat(body.get("expiry_timestamp_ms").asLong()).isEqualTo(expiry);
        VlessLink link = VlessLinks.parse(body.get("vless_link").asText());
        assertThat(link.uuid()).isEqualTo(uuid);
        assertThat(link.host()).isEqualTo("127.0.0.1");
        assertThat(link.port()).isEqualTo(api.serverConfig.port());
        assertThat(link.param("sni")).isEqualTo(api.serverConfig.serverName());
        assertThat(link.param("pbk"))
                .isEqualTo(TestRealityKeys.publicKeyOf(api.keys.privateKey()))
                .isEqualTo(api.keys.publicKey());
        assertThat(link.param("sid")).isEqualTo(api.shortId);
        assertThat(link.param("flow")).isEqualTo("xtls-rprx-vision");
        assertThat(link.param("security")).isEqualTo("reality");
        assertThat(link.param("encryption")).isEqualTo("none");
        assertThat(link.param("type")).isEqualTo("tcp");
        assertThat(link.param("fp")).isEqualTo("chrome");
        assertThat(link.remark()).isEqualTo("AtlasSecure");
    }

    @Test
    void repeatingAddUserWithTheSameUuidAndTelegramIdAnswersTheSameUser() throws Exception {
        String uuid = UUID.randomUUID().toString();
        long expiry = api.inAMonth();
        HttpResponse<String> first = api.post("/add-user", addUserJson(1004, uuid, expiry));
        HttpResponse<String> again = api.post("/add-user", addUserJson(1004, uuid, expiry));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body())).isEqualTo(JSON.readTree(first.body()));
        assertThat(api.control.listUsers(api.serverConfig.tag()).stream()
                        .filter(u -> u.email().equals("user_1004"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void addUserWithALaterExpiryExtendsTheActiveUserLiveAndInTheConfig() throws Exception {
        String uuid = UUID.randomUUID().toString();
        long first = api.inAMonth();
        long later = first + Duration.ofDays(30).toMillis();
        assertThat(api.post("/add-user", addUserJson(1008, uuid, first)).statusCode())
                .isEqualTo(200);

        HttpResponse<String> extended = api.post("/add-user", addUserJson(1008, uuid, later));

        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        assertThat(JSON.readTree(extended.body()).get("expiry_timestamp_ms").asLong())
                .isEqualTo(later);
        assertThat(api.control.findUser(api.serverConfig.tag(), "user_1008"))
                .get()
                .satisfies(u -> assertThat(u.id()).isEqualTo(uuid))
                .satisfies(u -> assertThat(u.flow()).isEqualTo("xtls-rprx-vision"));
        boolean onDisk = eventually(
                Duration.ofSeconds(3),
                () -> clientOnDisk(uuid)
                        .map(c -> Long.valueOf(later).equals(c.expiryTime()))
                        .orElse(false));
        assertThat(onDisk).as(api.xray.readConfig()).isTrue();
        HttpResponse<String> state = api.get("/users/" + uuid);
        assertThat(JSON.readTree(state.body()).get("expiry_timestamp_ms").asLong())
                .isEqualTo(later);
    }

    @Test
    void theSameUuidForAnotherTelegramIdIsAConflict() throws Exception {
        String uuid = UUID.randomUUID().toString();
        assertThat(api.post("/add-user", addUserJson(1005, uuid, api.inAMonth()))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> other = api.post("/add-user", addUserJson(1006, uuid, api.inAMonth()));

        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(other.body()).at("/error/code").asText()).isEqualTo("uuid_conflict");
        assertThat(api.control.findUser(api.serverConfig.tag(), "user_1006")).isEmpty();
    }

    @Test
    void aSecondActiveUuidForTheSameTelegramIdIsAConflict() throws Exception {
        assertThat(api.post("/add-user", addUserJson(1007, UUID.randomUUID().toString(), api.inAMonth()))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> second =
                api.post("/add-user", addUserJson(1007, UUID.randomUUID().toString(), api.inAMonth()));

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(second.body()).at("/error/code").asText()).isEqualTo("uuid_conflict");
    }

    private static Optional<ClientEntry> clientOnDisk(String uuid) {
        return XrayConfig.load(api.xray.configFile()).inbound(api.serverConfig.tag()).clients().stream()
                .filter(c -> c.id().equals(uuid))
                .findFirst();
    }
}
