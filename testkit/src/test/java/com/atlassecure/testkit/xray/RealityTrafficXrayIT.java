package com.atlassecure.testkit.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real traffic through VLESS + REALITY + Vision: a client xray, the server xray, and a loopback HTTP server. */
@RequiresXray
class RealityTrafficXrayIT {

    private static final String BODY = "hello through the tunnel";

    private static RealityTarget target;
    private static LoopbackHttpServer http;
    private static XrayProcess server;
    private static final TestRealityKeys.KeyPair KEYS = TestRealityKeys.generate();
    private static final String SHORT_ID = TestRealityKeys.newShortId();
    private static final String USER = UUID.randomUUID().toString();
    private static RealityServerConfig serverConfig;

    @BeforeAll
    static void startServer() {
        XrayBinary xray = XrayBinary.require();
        target = RealityTarget.start();
        http = LoopbackHttpServer.start(BODY);
        serverConfig = RealityServerConfig.builder()
                .reality(target, KEYS)
                .shortIds(SHORT_ID)
                .client(USER, "vision-user@atlas", RealityServerConfig.VISION);
        server = XrayProcess.create(xray, serverConfig.build()).start();
    }

    @AfterAll
    static void stopAll() {
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private static RealityClientConfig client(String flow) {
        return RealityClientConfig.builder()
                .server(serverConfig, KEYS.publicKey())
                .shortId(SHORT_ID)
                .userId(USER)
                .flow(flow);
    }

    @Test
    void visionClientGetsThePageThroughTheTunnel(XrayBinary xray) throws IOException {
        RealityClientConfig config = client(RealityServerConfig.VISION);
        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            SocksHttp.Response response = SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(60));

            assertThat(response.status()).as(server.log()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(BODY);
        }
    }

    @Test
    void visionClientFromAnotherLoopbackAddressAlsoGetsThrough(XrayBinary xray) throws IOException {
        RealityClientConfig config = client(RealityServerConfig.VISION).sendThrough("127.0.0.2");
        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            SocksHttp.Response response = SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(60));

            assertThat(response.body()).as(server.log()).isEqualTo(BODY);
            assertThat(server.awaitLog("from 127.0.0.2:", Duration.ofSeconds(10)))
                    .as(server.log())
                    .isTrue();
        }
    }

    @Test
    void clientWithoutFlowConnectsButCarriesNoTraffic(XrayBinary xray) {
        RealityClientConfig config = client("");
        int before = http.requests();
        try (XrayProcess client = XrayProcess.create(xray, config.build()).start()) {
            assertThatThrownBy(() -> SocksHttp.get(http.uri(), config.socksPort(), Duration.ofSeconds(30)))
                    .isInstanceOf(IOException.class);
            assertThat(http.requests()).isEqualTo(before);
            assertThat(server.awaitLog("rejected since the client flow is empty", Duration.ofSeconds(10)))
                    .as(server.log())
                    .isTrue();
        }
    }
}
