package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node does not need the bot to serve (design principle 11, issue 17): a key bought through the bot keeps carrying
 * traffic after the bot has stopped, and when it runs out the node's own sweep removes the user and the key carries
 * nothing, all with the bot down. (That the sweep also closes open sessions is proven on the same API process in
 * {@code SessionCutThroughApiIT}.)
 */
@RequiresXray
class NodeWithoutBotIT {
    private static final Duration KEY_LIFETIME = Duration.ofSeconds(25);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final String body = "served without the bot " + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void aKeyBoughtThroughTheBotServesAndExpiresOnTheNodeAfterTheBotStops(XrayBinary xray) throws Exception {
        // The bot's month ends KEY_LIFETIME after the payment in the API's real time.
        ShiftableClock botClock = new ShiftableClock(
                Duration.ofDays(Plan.DAYS_PER_MONTH).negated().plus(KEY_LIFETIME));
        try (AtlasStack stack = AtlasStack.start(xray, BotDatabase.SQLITE, dir, botClock);
                LoopbackHttpServer web = LoopbackHttpServer.start(body)) {
            Customer customer = new Customer(5_560_001L, stack.telegram());
            ShareLink link = ShareLink.parse(
                    customer.buyAndPay("m1", "stars-charge-bot-down").link());
            Instant expiry = Instant.ofEpochMilli(
                    stack.api().user(link.uuid()).path("expiry_timestamp_ms").asLong());

            try (Tunnel tunnel = Tunnel.open(xray, link)) {
                assertCarries(tunnel, web, "with the bot up");

                stack.stopBot();

                assertThat(Instant.now())
                        .as("the key must still be valid for the bot-down check")
                        .isBefore(expiry);
                assertCarries(tunnel, web, "with the bot down");
                assertThat(stack.api().healthDetail().path("status").asText())
                        .as("the node is healthy on its own")
                        .isEqualTo("ok");

                await(
                        () -> stack.liveUsers() == 0,
                        Duration.between(Instant.now(), expiry).plusSeconds(20),
                        "the node's own sweep to remove the expired user, with the bot down");
                assertThat(stack.api().user(link.uuid()).path("state").asText()).isEqualTo("expired");
                assertCarriesNothing(tunnel, web);
                assertThat(stack.apiLog()).contains("event=expiry_sweep");
            }
        }
    }

    private void assertCarries(Tunnel tunnel, LoopbackHttpServer web, String when) {
        try {
            SocksHttp.Response response = tunnel.get(web.uri(), TIMEOUT);
            assertThat(response.body()).as("the page through the key " + when).isEqualTo(body);
        } catch (IOException e) {
            fail("no traffic through the key " + when + " (" + e + "); client log:\n" + tunnel.log());
        }
    }

    private void assertCarriesNothing(Tunnel tunnel, LoopbackHttpServer web) {
        int before = web.requests();
        try {
            SocksHttp.Response response = tunnel.get(web.uri(), Duration.ofSeconds(10));
            assertThat(body.equals(response.body()))
                    .as("the expired key carried the page")
                    .isFalse();
        } catch (IOException expected) {
            // the key is dead: the point of the check
        }
        assertThat(web.requests()).as("requests through the expired key").isEqualTo(before);
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
