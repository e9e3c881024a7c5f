package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.links.VlessLink;
import com.atlassecure.api.links.VlessLinks;
import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real bytes through REALITY + Vision with a client xray configured only from the link the API returned; after
 * remove-user new connections fail; a client without flow never passes traffic (the audit's failure, pinned).
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
}
