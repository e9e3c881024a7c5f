package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.testkit.singbox.SingBoxBinary;
import com.atlassecure.testkit.singbox.SingBoxClient;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscription URL end to end, with the API from its jar and real Xray: every link in the URL's base64 body, the
 * sing-box JSON (run by a real sing-box 1.14.1) and the Xray JSON (run by a real Xray client) each carry bytes, each
 * configured only from what the URL answered; the node's traffic reaches {@code subscription-userinfo}; and after
 * "Reset my link" the old URL is a bare 404 at once and the old key carries nothing, while the new URL's key does.
 */
@RequiresXray
class SubscriptionUrlXrayIT {
    private static final long CUSTOMER = 8008;
    private static final String BASE = "https://sub.atlas.test";
    private static final Pattern URL = Pattern.compile(Pattern.quote(BASE) + "/sub/([A-Za-z]{25})");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration FETCH = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyFormatCarriesBytesAndAResetRevokesTheUrlAndTheKey() throws Exception {
        XrayBinary xray = XrayBinary.require();
        SingBoxBinary singBox = SingBoxBinary.locate().orElse(null);
        if (singBox == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(SingBoxBinary.MISSING_REASON);
            }
            Assumptions.abort(SingBoxBinary.MISSING_REASON);
        }
        Map<String, String> settings = Map.of("SUBSCRIPTION_BASE_URL", BASE, "SUBSCRIPTION_LISTEN", "127.0.0.1:0");
        try (AtlasStack stack = AtlasStack.start(xray, BotDatabase.SQLITE, dir, Clock.systemUTC(), settings);
                LoopbackHttpServer site = LoopbackHttpServer.start("subscribed-ok")) {
            FakeBotApi telegram = stack.telegram();
            Customer customer = new Customer(CUSTOMER, telegram);
            customer.buyAndPay("m1", "charge-subscription-url");
            String token = subscriptionToken(telegram, customer.mark());
            int port = stack.bot().web().port();

            List<String> links = links(fetch(port, token, Map.of()));
            assertThat(links).as("one node, one link").hasSize(1);
            for (String link : links) {
                try (Tunnel tunnel = Tunnel.open(xray, ShareLink.parse(link))) {
                    assertThat(tunnel.get(site.uri(), FETCH).body())
                            .as("the link from the URL carries bytes; client log:\n%s", tunnel.log())
                            .contains("subscribed-ok");
                }
            }

            JsonNode singBoxConfig =
                    JSON.readTree(fetch(port, token, Map.of("User-Agent", "SFA/1.11.9 (sing-box 1.14.1)"))
                            .body());
            // The only changes: where the client listens (a free SOCKS port, as SingBoxClient does for any config)
            // and "localhost" as 127.0.0.1 (the test server listens on IPv4 loopback only).
            for (JsonNode outbound : singBoxConfig.get("outbounds")) {
                if ("localhost".equals(outbound.path("server").asText())) {
                    ((ObjectNode) outbound).put("server", "127.0.0.1");
                }
            }
            try (SingBoxClient client = SingBoxClient.startWithConfig(singBox, (ObjectNode) singBoxConfig)) {
                assertThat(SocksHttp.get(site.uri(), client.socksPort(), FETCH).body())
                        .as("the sing-box JSON from the URL carries bytes; log:\n%s", client.log())
                        .contains("subscribed-ok");
            }

            JsonNode xrayConfigs = JSON.readTree(fetch(port, token, Map.of("User-Agent", "HiddifyNextX/2.5.7"))
                    .body());
            assertThat(xrayConfigs).hasSize(1);
            ObjectNode xrayConfig = (ObjectNode) xrayConfigs.get(0).deepCopy();
            int socks = FreePorts.loopbackPort();
            ((ObjectNode) xrayConfig.get("inbounds").get(0)).put("port", socks);
            try (XrayProcess client = XrayProcess.create(xray, xrayConfig).start()) {
                assertThat(SocksHttp.get(site.uri(), socks, FETCH).body())
                        .as("the Xray JSON from the URL carries bytes; log:\n%s", client.log())
                        .contains("subscribed-ok");
            }

            stack.bot().web().refreshTraffic();
            String info = fetch(port, token, Map.of())
                    .headers()
                    .firstValue("subscription-userinfo")
                    .orElseThrow();
            Matcher usage = Pattern.compile("upload=(\\d+); download=(\\d+); total=0; expire=(\\d{10})")
                    .matcher(info);
            assertThat(usage.matches()).as(info).isTrue();
            assertThat(Long.parseLong(usage.group(2)))
                    .as("the node's downlink counter reached the header")
                    .isPositive();

            String oldLink = links.get(0);
            long before = customer.mark();
            telegram.sendText(CUSTOMER, Customer.LANGUAGE, "/key");
            RecordedCall keyMessage = telegram.awaitCall(
                    "sendMessage",
                    c -> c.sequence() > before
                            && c.chatId() == CUSTOMER
                            && URL.matcher(c.text()).find(),
                    WAIT);
            telegram.pressButton(CUSTOMER, Customer.LANGUAGE, (int) keyMessage.sequence(), "link:reset");
            telegram.awaitCall(
                    "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("Reset your link?"), WAIT);
            long pressed = System.nanoTime();
            telegram.pressButton(CUSTOMER, Customer.LANGUAGE, (int) keyMessage.sequence(), "link:reset:yes");
            RecordedCall done = telegram.awaitCall(
                    "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("Done:"), WAIT);
            int oldStatus = fetch(port, token, Map.of()).statusCode();
            long goneMs = (System.nanoTime() - pressed) / 1_000_000;
            assertThat(oldStatus).as("the old URL right after the reset").isEqualTo(404);
            Matcher fresh = URL.matcher(done.text());
            assertThat(fresh.find()).isTrue();

            long revokedMs = awaitCarriesNothing(xray, ShareLink.parse(oldLink), site.uri(), pressed);
            try (Tunnel old = Tunnel.open(xray, ShareLink.parse(oldLink))) {
                assertThat(carries(old, site.uri()))
                        .as("the old key, once revoked, stays revoked")
                        .isFalse();
            }
            String newLink = awaitNewLink(port, fresh.group(1), oldLink);
            try (Tunnel tunnel = Tunnel.open(xray, ShareLink.parse(newLink))) {
                assertThat(tunnel.get(site.uri(), FETCH).body()).contains("subscribed-ok");
            }
            System.out.printf("SUBSCRIPTION-RESET old_url_404_ms=%d old_key_dead_ms=%d%n", goneMs, revokedMs);
        }
    }

    private static String subscriptionToken(FakeBotApi telegram, long after) {
        telegram.sendText(CUSTOMER, Customer.LANGUAGE, "/key");
        RecordedCall message = telegram.awaitCall(
                "sendMessage",
                c -> c.sequence() > after
                        && c.chatId() == CUSTOMER
                        && URL.matcher(c.text()).find(),
                WAIT);
        Matcher m = URL.matcher(message.text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> fetch(int port, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sub/" + token));
        headers.forEach(b::header);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> links(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(200);
        String body = new String(Base64.getDecoder().decode(answer.body()), StandardCharsets.UTF_8);
        return body.isEmpty() ? List.of() : new ArrayList<>(List.of(body.split("\n")));
    }

    private static boolean carries(Tunnel tunnel, URI site) {
        try {
            return tunnel.get(site, Duration.ofSeconds(3)).body().contains("subscribed-ok");
        } catch (IOException refused) {
            return false;
        }
    }

    /** Milliseconds from the press until a fresh client on the old key carries nothing. */
    private static long awaitCarriesNothing(XrayBinary xray, ShareLink old, URI site, long pressed) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Tunnel tunnel = Tunnel.open(xray, old)) {
                if (!carries(tunnel, site)) {
                    return (System.nanoTime() - pressed) / 1_000_000;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the old key still carried bytes " + WAIT.toSeconds() + " s after the reset");
    }

    private String awaitNewLink(int port, String token, String oldLink) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> links = links(fetch(port, token, Map.of()));
            if (links.size() == 1 && !links.get(0).equals(oldLink)) {
                return links.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the new URL did not serve a new key within " + WAIT.toSeconds() + " s");
    }
}
