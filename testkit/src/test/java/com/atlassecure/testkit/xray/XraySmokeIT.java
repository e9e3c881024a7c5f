package com.atlassecure.testkit.xray;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the test kit against the real binary: config check, start, gRPC, kill -9 and restart. */
@RequiresXray
class XraySmokeIT {

    private static RealityTarget target;

    @BeforeAll
    static void startTarget() {
        target = RealityTarget.start();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    private static RealityServerConfig serverWithTwoVisionClients() {
        return RealityServerConfig.builder()
                .reality(target, TestRealityKeys.generate())
                .shortIds(TestRealityKeys.newShortId())
                .client(UUID.randomUUID().toString(), "alice@atlas", RealityServerConfig.VISION)
                .client(UUID.randomUUID().toString(), "bob@atlas", RealityServerConfig.VISION);
    }

    @Test
    void visionRealityInboundPassesXrayRunTest(XrayBinary xray) {
        ConfigCheck check = XrayProcess.check(xray, serverWithTwoVisionClients().build());

        assertThat(check.ok()).as(check.output()).isTrue();
        assertThat(check.output()).contains("Configuration OK");
    }

    @Test
    void brokenConfigFailsXrayRunTestWithItsExitCode(XrayBinary xray) {
        String config = serverWithTwoVisionClients().toJson().replace("\"none\"", "\"aes-128-gcm\"");

        ConfigCheck check = XrayProcess.check(xray, config);

        assertThat(check.ok()).isFalse();
        assertThat(check.exitCode()).as(check.output()).isEqualTo(23);
    }

    @Test
    void startedXrayCountsConfiguredClientsOverGrpc(XrayBinary xray) {
        RealityServerConfig server = serverWithTwoVisionClients();
        try (XrayProcess process = XrayProcess.create(xray, server.build()).start()) {
            assertThat(process.isAlive()).isTrue();
            assertThat(process.inboundUsersCount(server.tag())).isEqualTo(2);
        }
    }

    @Test
    void xrayComesBackAfterKillNineWithTheSameConfig(XrayBinary xray) {
        RealityServerConfig server = serverWithTwoVisionClients();
        try (XrayProcess process = XrayProcess.create(xray, server.build()).start()) {
            long firstPid = process.pid();
            assertThat(process.inboundUsersCount(server.tag())).isEqualTo(2);

            process.kill();
            assertThat(process.isAlive()).isFalse();
            process.start();

            assertThat(process.pid()).isNotEqualTo(firstPid);
            assertThat(process.inboundUsersCount(server.tag())).isEqualTo(2);
            assertThat(process.log()).contains("start #1", "start #2");
        }
    }

    @Test
    void versionIsReported(XrayBinary xray) {
        assertThat(xray.version()).startsWith("Xray ");
    }
}
