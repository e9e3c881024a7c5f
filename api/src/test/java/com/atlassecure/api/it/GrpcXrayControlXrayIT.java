package com.atlassecure.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.xray.GrpcXrayControl;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xray.XrayUserExistsException;
import com.atlassecure.api.xray.XrayUserNotFoundException;
import com.atlassecure.api.xray.XrayVersion;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC control against real xray: what Xray actually answers, mapped to our exception types. */
@RequiresXray
class GrpcXrayControlXrayIT {
    private static RealityTarget target;
    private static XrayProcess xray;
    private static GrpcXrayControl control;
    private static String tag;

    @BeforeAll
    static void start() {
        target = RealityTarget.start();
        RealityServerConfig config = RealityServerConfig.builder()
                .reality(target, TestRealityKeys.generate())
                .shortIds(TestRealityKeys.newShortId());
        tag = config.tag();
        xray = XrayProcess.create(XrayBinary.require(), config.build()).start();
        control = new GrpcXrayControl(xray.apiAddress(), Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        control.close();
        xray.close();
        target.close();
    }

    @Test
    void addedUserIsListedWithItsAccountAndCounted() {
        String id = UUID.randomUUID().toString();
        long before = control.countUsers(tag);

        control.addUser(tag, new XrayUser(id, "grpc_a", "xtls-rprx-vision", 0));

        assertThat(control.findUser(tag, "grpc_a")).contains(new XrayUser(id, "grpc_a", "xtls-rprx-vision", 0));
        assertThat(control.listUsers(tag)).extracting(XrayUser::email).contains("grpc_a");
        assertThat(control.countUsers(tag)).isEqualTo(before + 1);
    }

    @Test
    void addingAnExistingEmailIsUserExistsEvenInAnotherCase() {
        control.addUser(tag, new XrayUser(UUID.randomUUID().toString(), "grpc_b", "xtls-rprx-vision", 0));

        assertThatThrownBy(() -> control.addUser(
                        tag, new XrayUser(UUID.randomUUID().toString(), "GRPC_B", "xtls-rprx-vision", 0)))
                .isInstanceOf(XrayUserExistsException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void removingAnUnknownEmailIsUserNotFound() {
        assertThatThrownBy(() -> control.removeUser(tag, "nobody_here")).isInstanceOf(XrayUserNotFoundException.class);
        assertThat(control.findUser(tag, "nobody_here")).isEmpty();
    }

    @Test
    void trafficOfAUserWithoutCountersIsZeroAndOfflineIsEmpty() {
        assertThat(control.traffic("never_connected").uplinkBytes()).isZero();
        assertThat(control.onlineIps("never_connected")).isEmpty();
        assertThat(control.onlineEmails()).doesNotContain("never_connected");
        assertThat(control.uptimeSeconds()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aClosedPortIsUnavailableNotAnotherError() {
        try (GrpcXrayControl nowhere =
                new GrpcXrayControl("127.0.0.1:" + FreePorts.loopbackPort(), Duration.ofMillis(500))) {
            assertThatThrownBy(() -> nowhere.countUsers(tag)).isInstanceOf(XrayUnavailableException.class);
        }
    }

    @Test
    void versionComesFromTheBinary(XrayBinary binary) {
        assertThat(XrayVersion.of(binary.path().toString())).startsWith("Xray 26.");
        assertThat(XrayVersion.of("/nonexistent/xray")).startsWith("unknown");
    }
}
