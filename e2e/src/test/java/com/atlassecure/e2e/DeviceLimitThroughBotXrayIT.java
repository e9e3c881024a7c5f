package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.StreamReader;
import com.atlassecure.testkit.xray.StreamServer;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device limit end to end: a customer buys a one-device plan in the bot, the limit reaches the real API with the
 * key, a second real client with the same key (another loopback address) is cut and kept out by the API, "My
 * devices" in the bot shows it, and "Reset devices" lets the second device in within 5 s once the first has gone.
 */
@RequiresXray
class DeviceLimitThroughBotXrayIT {
    private static final long CUSTOMER = 5005;
    private static final long WARM = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aOneDevicePlanKeepsASecondDeviceOutAndTheBotsResetLetsItIn() throws Exception {
        XrayBinary xray = XrayBinary.require();
        try (AtlasStack stack =
                        AtlasStack.start(xray, BotDatabase.SQLITE, dir, Clock.systemUTC(), Map.of("PLANS", "1:100:1"));
                StreamServer upstream = StreamServer.start()) {
            FakeBotApi telegram = stack.telegram();
            Customer customer = new Customer(CUSTOMER, telegram);
            ShareLink link = ShareLink.parse(
                    customer.buyAndPay("m1", "charge-one-device").link());
            JsonNode node = stack.api().post("/users/devices", Map.of("uuid", link.uuid()));
            assertThat(node.path("limit").asInt())
                    .as("the plan's limit reached the node")
                    .isEqualTo(1);
            assertThat(node.path("enforced").asBoolean())
                    .as(node.path("detail").asText())
                    .isTrue();

            try (Tunnel first = device(xray, link, "127.0.0.2");
                    Tunnel second = device(xray, link, "127.0.0.3")) {
                StreamReader streamA = StreamReader.open("first-device", first.socksPort(), upstream.port());
                assertThat(StreamReader.awaitAtLeast(streamA.bytes::get, WARM, WAIT))
                        .as("the first device streams; client log:\n%s", first.log())
                        .isTrue();
                StreamReader streamB = StreamReader.open("second-device", second.socksPort(), upstream.port());
                assertThat(streamB.awaitEnd(Duration.ofSeconds(10)))
                        .as("the second device is cut within 10 s")
                        .isTrue();
                assertThat(streamA.isEnded()).isFalse();

                long before = customer.mark();
                telegram.sendText(CUSTOMER, Customer.LANGUAGE, "/devices");
                RecordedCall shown = telegram.awaitCall(
                        "sendMessage",
                        c -> c.sequence() > before
                                && c.chatId() == CUSTOMER
                                && c.text().startsWith("📱 Devices"),
                        WAIT);
                assertThat(shown.text())
                        .contains("Devices using your key now: 1, up to 1 at once")
                        .contains("Kept out for going over the limit: 1");

                // The customer replaced the first device: it goes away, and the reset in the bot lets the new one in.
                streamA.close();
                long pressed = System.nanoTime();
                telegram.pressButton(CUSTOMER, Customer.LANGUAGE, (int) shown.sequence(), Menus.DEVICES_RESET);
                RecordedCall reset = telegram.awaitCall(
                        "editMessageText",
                        c -> c.chatId() == CUSTOMER && c.text().startsWith("✅ Devices reset"),
                        WAIT);
                assertThat(reset.text()).contains("1 blocked device may connect again");
                StreamReader again = carryingWithin(second, upstream, pressed, Duration.ofSeconds(5));
                long letInMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed);
                assertThat(again)
                        .as("the second device carries bytes within 5 s of the reset")
                        .isNotNull();
                System.out.printf("DEVICE-RESET-THROUGH-BOT press_to_bytes_ms=%d%n", letInMs);
                again.close();
            }
        }
    }

    private static Tunnel device(XrayBinary xray, ShareLink link, String from) {
        // 127.0.0.1 and not the link's "localhost": a client bound to 127.0.0.x cannot reach ::1.
        return Tunnel.open(xray, link, c -> c.serverAddress("127.0.0.1").sendThrough(from));
    }

    private static StreamReader carryingWithin(Tunnel tunnel, StreamServer upstream, long fromNanos, Duration within)
            throws Exception {
        long deadline = fromNanos + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                StreamReader stream = StreamReader.open("second-device-again", tunnel.socksPort(), upstream.port());
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (StreamReader.awaitAtLeast(stream.bytes::get, 1, left)) {
                    return stream;
                }
                stream.close();
            } catch (IOException refused) {
                Thread.sleep(100);
            }
        }
        return null;
    }
}
