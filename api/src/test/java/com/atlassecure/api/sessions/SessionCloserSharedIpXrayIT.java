package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.xray.GrpcXrayControl;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.StreamReader;
import com.atlassecure.testkit.xray.StreamServer;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Review M6: two customers behind one address (CGNAT, an in-country relay), both from 127.0.0.2. Removing A must
 * not reset B: the address is skipped while B is online from it, and A is kept out by Xray refusing A's new
 * handshakes.
 */
@RequiresXray
class SessionCloserSharedIpXrayIT {
    private static final String SHARED_IP = "127.0.0.2";
    private static final long WARM = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void removingOneCustomerNeverResetsAnotherActiveCustomerBehindTheSameAddress(XrayBinary xray) throws Exception {
        TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
        String shortId = TestRealityKeys.newShortId();
        String aId = UUID.randomUUID().toString();
        String bId = UUID.randomUUID().toString();
        try (RealityTarget target = RealityTarget.start();
                StreamServer streamsA = StreamServer.start();
                StreamServer streamsB = StreamServer.start()) {
            RealityServerConfig serverConfig = RealityServerConfig.builder()
                    .reality(target, keys)
                    .shortIds(shortId)
                    .logLevel("warning")
                    .client(aId, "user_2001", RealityServerConfig.VISION)
                    .client(bId, "user_2002", RealityServerConfig.VISION);
            RealityClientConfig a = client(serverConfig, keys, shortId, aId);
            RealityClientConfig b = client(serverConfig, keys, shortId, bId);
            try (XrayProcess server =
                            XrayProcess.create(xray, serverConfig.build()).start();
                    XrayProcess clientA = XrayProcess.create(xray, a.build()).start();
                    XrayProcess clientB = XrayProcess.create(xray, b.build()).start();
                    StreamReader streamA = StreamReader.open("customer-a", a.socksPort(), streamsA.port());
                    StreamReader streamB = StreamReader.open("customer-b", b.socksPort(), streamsB.port());
                    GrpcXrayControl xrayApi = new GrpcXrayControl(server.apiAddress(), Duration.ofSeconds(5))) {
                assertThat(StreamReader.awaitAtLeast(streamA.bytes::get, WARM, WAIT))
                        .isTrue();
                assertThat(StreamReader.awaitAtLeast(streamB.bytes::get, WARM, WAIT))
                        .isTrue();
                assertThat(xrayApi.onlineIps("user_2001")).containsOnlyKeys(SHARED_IP);
                assertThat(xrayApi.onlineIps("user_2002")).containsOnlyKeys(SHARED_IP);
                SessionCloser closer = SessionCloser.start(
                        SessionCloseSettings.of(serverConfig.port(), AllowList.empty(), true),
                        xrayApi,
                        new SimpleMeterRegistry());

                new XrayUsers(server.apiChannel(), serverConfig.tag()).remove("user_2001");
                CloseOutcome outcome = closer.close("user_2001");

                assertThat(outcome.status()).as(outcome.toString()).isEqualTo(CloseOutcome.Status.ONLY_SHARED);
                assertThat(outcome.socketsClosed()).isZero();
                long before = streamB.bytes.get();
                assertThat(StreamReader.awaitAtLeast(streamB.bytes::get, before + WARM, WAIT))
                        .as("B keeps streaming (ended: %s)", streamB.ending.get())
                        .isTrue();
                assertThat(streamB.isEnded()).isFalse();
                int connectionsBefore = streamsA.connections.get();
                try (StreamReader retry = StreamReader.open("customer-a-again", a.socksPort(), streamsA.port())) {
                    assertThat(retry.awaitEnd(WAIT))
                            .as("A's new connection is refused by Xray")
                            .isTrue();
                    assertThat(retry.bytes.get()).isZero();
                } catch (IOException refusedAtSocks) {
                    // refused at the SOCKS handshake: equally a failure for A
                }
                assertThat(streamsA.connections.get()).isEqualTo(connectionsBefore);
            }
        }
    }

    private static RealityClientConfig client(
            RealityServerConfig server, TestRealityKeys.KeyPair keys, String shortId, String id) {
        return RealityClientConfig.builder()
                .server(server, keys.publicKey())
                .shortId(shortId)
                .userId(id)
                .sendThrough(SHARED_IP)
                .logLevel("warning");
    }
}
