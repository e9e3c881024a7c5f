package com.atlassecure.e2e.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit's failure was "connects but passes no traffic". Here a customer takes a trial in Telegram, and a real
 * xray client configured from nothing but the delivered message pushes HTTP through REALITY + Vision.
 */
@RequiresXray
class DeliveredKeyTrafficXrayIT {
    static final String BODY = "through the tunnel";

    @Test
    void keyDeliveredInTelegramCarriesTraffic(XrayBinary binary) throws Exception {
        try (RealSystem system = new RealSystem(binary);
                LoopbackHttpServer http = LoopbackHttpServer.start(BODY)) {
            long user = 2001;
            system.telegram.pressButton(user, "en", 1, Menus.TRIAL);
            RecordedCall key = system.telegram.awaitCall(
                    "sendMessage", c -> c.chatId() == user && c.json("entities") != null, Duration.ofSeconds(30));
            var entity = key.json("entities").get(0);
            int offset = entity.get("offset").asInt();
            URI link = URI.create(
                    key.text().substring(offset, offset + entity.get("length").asInt()));
            Map<String, String> query = query(link);

            RealityClientConfig client = RealityClientConfig.builder()
                    .serverAddress(link.getHost())
                    .serverPort(link.getPort())
                    .serverName(query.get("sni"))
                    .publicKey(query.get("pbk"))
                    .shortId(query.get("sid"))
                    .fingerprint(query.get("fp"))
                    .flow(query.get("flow"))
                    .userId(link.getUserInfo());
            try (XrayProcess proxy = XrayProcess.create(binary, client.build()).start()) {
                SocksHttp.Response response = SocksHttp.get(http.uri(), client.socksPort(), Duration.ofSeconds(60));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(BODY);
            }
            assertThat(query).containsEntry("security", "reality").containsEntry("flow", "xtls-rprx-vision");
        }
    }

    private static Map<String, String> query(URI link) {
        Map<String, String> out = new HashMap<>();
        for (String pair : link.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
