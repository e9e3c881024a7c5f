package com.atlassecure.api.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.testkit.singbox.SingBoxBinary;
import com.atlassecure.testkit.singbox.SingBoxClient;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The client configs an add-user answers carry real bytes: a real sing-box client whose only outbound is the answer's
 * {@code sing_box}, and a real Xray client whose only outbound is the answer's {@code xray}, each fetch a page through
 * the real server. Nothing in either config is written by the test but the local SOCKS inbound.
 */
@RequiresXray
class ClientConfigsXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theSingBoxAndXrayConfigsOfAnAddUserAnswerEachCarryBytes() throws Exception {
        XrayBinary binary = XrayBinary.require();
        ApiUnderTest.Options options = new ApiUnderTest.Options();
        // As init writes it (decision 0015): without it Xray 26.7.11+ turns sing-box's REALITY handshake away.
        options.serverConfig = c -> c.minClientVer("1.8.1");
        try (ApiUnderTest api = new ApiUnderTest(binary, options);
                LoopbackHttpServer site = LoopbackHttpServer.start("configs-ok")) {
            String uuid = UUID.randomUUID().toString();
            JsonNode answer = JSON.readTree(api.post("/add-user", ApiUnderTest.addUserJson(4242, uuid, api.inAMonth()))
                    .body());
            JsonNode configs = answer.path("client_configs");
            assertThat(configs.path("sing_box").path("uuid").asText()).isEqualTo(uuid);
            assertThat(configs.path("clash").path("flow").asText()).isEqualTo("xtls-rprx-vision");

            ObjectNode xrayClient = JSON.createObjectNode();
            xrayClient.putObject("log").put("loglevel", "warning");
            int socks = FreePorts.loopbackPort();
            xrayClient
                    .putArray("inbounds")
                    .addObject()
                    .put("listen", "127.0.0.1")
                    .put("port", socks)
                    .put("protocol", "socks")
                    .putObject("settings")
                    .put("udp", false);
            xrayClient.putArray("outbounds").add(configs.path("xray").deepCopy());
            try (XrayProcess client = XrayProcess.create(binary, xrayClient).start()) {
                assertThat(SocksHttp.get(site.uri(), socks, WAIT).body())
                        .as("the Xray config carries bytes; client log:\n%s", client.log())
                        .contains("configs-ok");
            }

            SingBoxBinary singBox = SingBoxBinary.locate().orElse(null);
            if (singBox == null) {
                // CI always has sing-box (.ci/run builds it): missing there is a failure; a laptop may skip.
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException(SingBoxBinary.MISSING_REASON);
                }
                Assumptions.abort(SingBoxBinary.MISSING_REASON);
            }
            ObjectNode singBoxConfig = JSON.createObjectNode();
            singBoxConfig.putObject("log").put("level", "warn");
            singBoxConfig.putArray("outbounds").add(configs.path("sing_box").deepCopy());
            try (SingBoxClient client = SingBoxClient.startWithConfig(singBox, singBoxConfig)) {
                assertThat(SocksHttp.get(site.uri(), client.socksPort(), WAIT).body())
                        .as("the sing-box config carries bytes; log:\n%s", client.log())
                        .contains("configs-ok");
            }
        }
    }
}
