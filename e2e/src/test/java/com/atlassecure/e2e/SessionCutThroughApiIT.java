package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.StreamReader;
import com.atlassecure.testkit.xray.StreamServer;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the wiring of session closing in the real {@code atlas-api serve} process: two customers stream through their
 * own real xray clients (sources 127.0.0.2 and 127.0.0.3); removing or expiring A through the API cuts A's open
 * connection and leaves B's stream running on its first and only connection.
 *
 * <p>A revoke in the bot is {@code /revoke} → the outbox → {@code POST /remove-user}, so the removal case covers revoke
 * at the API. The closer itself is tested in the api module (SessionCloserXrayIT); this test only drives the API's
 * endpoints and its expiry sweep, as production does.
 */
@RequiresXray
class SessionCutThroughApiIT {
    private static final String A_IP = "127.0.0.2";
    private static final String B_IP = "127.0.0.3";
    private static final long WARM = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough for A's re-added key to carry a stream before it runs out, short enough to keep the test fast. */
    private static final Duration SHORT_EXPIRY = Duration.ofSeconds(8);

    @TempDir
    static Path dir;

    private static AtlasStack stack;
    private static StreamServer streamsA;
    private static StreamServer streamsB;
    private static Customer a;
    private static Customer b;
    private static StreamReader streamB;

    /** A customer as the API provisioned it, with the client app the link configures. */
    private record Customer(String uuid, long telegramId, XrayProcess client, int socksPort) {}

    @BeforeAll
    static void twoCustomersStream() throws IOException {
        XrayBinary xray = XrayBinary.require();
        stack = AtlasStack.startWithoutBot(xray, dir);
        streamsA = StreamServer.start();
        streamsB = StreamServer.start();
        long hourFromNow = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        a = provision(xray, 700_000_001L, A_IP, hourFromNow);
        b = provision(xray, 700_000_002L, B_IP, hourFromNow);
        // B streams for the whole class: every cut of A happens while B is mid-transfer.
        streamB = StreamReader.open("customer-b", b.socksPort(), streamsB.port());
        try {
            if (!awaitTrue(() -> streamB.bytes.get() >= WARM, WAIT)) {
                throw new IllegalStateException("B's stream never flowed (ended: " + streamB.ending.get()
                        + "); B's client log:\n" + b.client().log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while B's stream started", e);
        }
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable : new AutoCloseable[] {
            streamB, a == null ? null : a.client(), b == null ? null : b.client(), streamsA, streamsB, stack
        }) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private static Customer provision(XrayBinary xray, long telegramId, String sourceIp, long expiryMs) {
        String uuid = UUID.randomUUID().toString();
        JsonNode added = addUser(uuid, telegramId, expiryMs);
        // The link names the host "localhost"; with an IPv4 source address the client must dial IPv4 loopback.
        RealityClientConfig config = Tunnel.fromLink(
                        ShareLink.parse(added.path("vless_link").asText()))
                .serverAddress("127.0.0.1")
                .sendThrough(sourceIp);
        XrayProcess client = XrayProcess.create(xray, config.build()).start();
        return new Customer(uuid, telegramId, client, config.socksPort());
    }

    private static JsonNode addUser(String uuid, long telegramId, long expiryMs) {
        return stack.api().post("/add-user", new AddUserRequest(telegramId, uuid, expiryMs));
    }

    @Test
    void healthReportsSessionClosingSupported() throws Exception {
        // Setup adapted for finding M3: the detail is read signed from /health/detail.
        JsonNode health = stack.api().healthDetail();
        assertThat(health.path("session_closing").asText())
                .as("GET /health/detail: %s", health)
                .isEqualTo("supported");
    }

    @Test
    void removalAndExpiryCutExactlyTheRemovedCustomerWhileTheOtherStreamsOn() throws Exception {
        // 1. remove-user (also what the bot's /revoke sends): A's open stream is reset, A cannot reconnect.
        StreamReader streamA = streamingA();
        long removedAt = System.nanoTime();
        JsonNode removed = stack.api().post("/remove-user", new RemoveUserRequest(a.uuid()));
        assertThat(removed.path("removed").asBoolean())
                .as("remove-user: %s", removed)
                .isTrue();
        assertThat(streamA.awaitEnd(WAIT))
                .as("A's stream must be cut after remove-user; API log:\n%s", stack.apiLog())
                .isTrue();
        long removalToCutMs = TimeUnit.NANOSECONDS.toMillis(streamA.endedAtNanos.get() - removedAt);
        streamA.close();
        assertNewConnectionsOfAFail("after remove-user");
        assertBStillStreaming("after A's removal");

        // 2. Re-added with a short expiry, A streams again until the API's own sweep expires and cuts it.
        long expiryMs = System.currentTimeMillis() + SHORT_EXPIRY.toMillis();
        addUser(a.uuid(), a.telegramId(), expiryMs);
        StreamReader streamAgain = streamingA();
        assertThat(System.currentTimeMillis())
                .as("A's stream must be up before its key expires, or the cut would prove nothing")
                .isLessThan(expiryMs);
        assertThat(streamAgain.awaitEnd(SHORT_EXPIRY.plus(WAIT)))
                .as("A's stream must be cut after expiry; API log:\n%s", stack.apiLog())
                .isTrue();
        long expiryToCutMs = streamAgain.endedAtMillis.get() - expiryMs;
        assertThat(streamAgain.endedAtMillis.get())
                .as("A's stream ended (%s) before its key expired", streamAgain.ending.get())
                .isGreaterThanOrEqualTo(expiryMs);
        streamAgain.close();
        assertThat(stack.api().user(a.uuid()).path("state").asText()).isEqualTo("expired");
        assertNewConnectionsOfAFail("after expiry");
        assertBStillStreaming("after A's expiry");

        // B's one stream has flowed since set-up; any further connection at B's far side would be a reconnect.
        int reconnectsOfB = streamsB.connections.get() - 1;
        assertThat(reconnectsOfB).as("B's reconnects").isZero();
        System.out.printf(
                "SESSION-CUT-API removal_to_cut_ms=%d expiry_to_cut_ms=%d (sweep every %s) | B bytes=%d ended=%s"
                        + " reconnects=%d max_read_gap_ms=%d%n",
                removalToCutMs,
                expiryToCutMs,
                stack.apiEnv("EXPIRY_SWEEP_INTERVAL"),
                streamB.bytes.get(),
                streamB.ending.get(),
                reconnectsOfB,
                TimeUnit.NANOSECONDS.toMillis(streamB.maxGapNanos.get()));
        // The API's own account of the cuts, so the closing note can quote the process that did them.
        stack.apiLog()
                .lines()
                .filter(line -> line.contains("event=session") || line.contains("event=user_"))
                .forEach(line -> System.out.println("SESSION-CUT-API-LOG " + line));
    }

    /** A's stream, flowing, and listed by the API as online (what the closer reads to find A's address). */
    private static StreamReader streamingA() throws Exception {
        StreamReader stream = StreamReader.open("customer-a", a.socksPort(), streamsA.port());
        assertThat(awaitTrue(() -> stream.bytes.get() >= WARM, WAIT))
                .as(
                        "A's stream must flow (ended: %s); A's client log:\n%s",
                        stream.ending.get(), a.client().log())
                .isTrue();
        assertThat(awaitTrue(() -> stack.api().user(a.uuid()).path("online").asBoolean(), WAIT))
                .as("the API must see A online")
                .isTrue();
        return stream;
    }

    private static void assertNewConnectionsOfAFail(String when) throws Exception {
        int before = streamsA.connections.get();
        try (StreamReader retry = StreamReader.open("customer-a-again", a.socksPort(), streamsA.port())) {
            assertThat(retry.awaitEnd(WAIT))
                    .as("A's new connection %s must fail", when)
                    .isTrue();
            assertThat(retry.bytes.get()).as("bytes A got %s", when).isZero();
        } catch (IOException refusedAtSocks) {
            // the client may also refuse at the SOCKS handshake: equally a failure for A
        }
        assertThat(streamsA.connections.get())
                .as("A's connection %s must never reach the far side", when)
                .isEqualTo(before);
    }

    private static void assertBStillStreaming(String when) throws InterruptedException {
        long target = streamB.bytes.get() + WARM;
        assertThat(awaitTrue(() -> streamB.bytes.get() >= target || streamB.isEnded(), WAIT) && !streamB.isEnded())
                .as("B's stream must keep flowing %s (ended: %s)", when, streamB.ending.get())
                .isTrue();
    }

    private static boolean awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
