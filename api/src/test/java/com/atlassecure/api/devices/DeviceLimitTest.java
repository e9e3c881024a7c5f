package com.atlassecure.api.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.config.DeviceLimitSettings;
import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.support.FakeXrayDevices;
import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.users.SweepGuard;
import com.atlassecure.api.users.UserLedger;
import com.atlassecure.api.users.UserLimits;
import com.atlassecure.api.users.UserRefusedException;
import com.atlassecure.api.users.UsersService;
import com.atlassecure.api.xray.XrayDevices.SourceEncoding;
import com.atlassecure.contract.devices.UserDevicesResponse;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.testkit.time.MutableClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device limit's decisions against an in-memory Xray (the real one is {@code DeviceLimitXrayIT}): which addresses
 * are kept, which are blocked and for whom, when blocks end, and what survives restarts of Xray and of the API.
 */
class DeviceLimitTest {
    private static final String TAG = "vless-reality";
    private static final String A = "11111111-1111-4111-8111-111111111111";
    private static final String B = "22222222-2222-4222-8222-222222222222";
    private static final DeviceLimitSettings SETTINGS =
            new DeviceLimitSettings(2, Duration.ofMinutes(10), Duration.ofSeconds(3), "block");

    @TempDir
    Path dir;

    private final FakeXrayControl xray = new FakeXrayControl();
    private final FakeXrayDevices live = xray.devices;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private final List<String> closed = new ArrayList<>();
    private UserLedger ledger;
    private UsersService users;
    private DeviceLimit devices;

    @BeforeEach
    void start() {
        ledger = UserLedger.open(dir, xray, TAG);
        users = new UsersService(
                ledger,
                xray,
                new LinkParameters("h", 1, "s", "p", "", "chrome", "r"),
                clock,
                RemovalListener.NONE,
                new UserLimits(Duration.ofDays(1830), 1000),
                new SweepGuard(clock, clock::monotonicNanos, 100));
        users.addUser(new AddUserRequest(1, A, clock.millis() + 86_400_000L));
        users.addUser(new AddUserRequest(2, B, clock.millis() + 86_400_000L));
        devices = open(Optional.empty(), "supported");
    }

    private DeviceLimit open(Optional<String> gap, String closing) {
        return DeviceLimit.start(
                SETTINGS,
                dir,
                xray,
                ledger.view(),
                TAG,
                gap,
                () -> closing,
                (email, ips) -> closed.add(email + " " + ips.stream().sorted().toList()),
                clock);
    }

    @AfterEach
    void stop() {
        devices.close();
        ledger.close();
    }

    private void online(String email, String... ips) {
        live.online(email, clock.instant().getEpochSecond(), ips);
    }

    private void later(String email, String... ips) {
        clock.advance(Duration.ofSeconds(3));
        live.online(email, clock.instant().getEpochSecond(), ips);
        devices.pass();
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void theNewestAddressesOverTheLimitAreBlockedForThatKeyOnlyAndTheirSessionsClosed() throws Exception {
        online("user_1", "10.0.0.1");
        devices.pass();
        later("user_1", "10.0.0.1", "10.0.0.2");
        later("user_1", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");

        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.1"))).isEmpty();
        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.2"))).isEmpty();
        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.3"))).contains("block");
        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.4"))).contains("block");
        assertThat(live.outboundFor(TAG, "user_2", ip("10.0.0.3")))
                .as("another customer behind the blocked address is not touched")
                .isEmpty();
        assertThat(closed).containsExactly("user_1 [10.0.0.3, 10.0.0.4]");
        UserDevicesResponse seen = devices.devices(A);
        assertThat(seen.limit()).isEqualTo(2);
        assertThat(seen.blocked()).isEqualTo(2);
        assertThat(seen.enforced()).isTrue();
    }

    @Test
    void anAddressThatWasThereFirstKeepsItsPlaceEvenWhenItsNewestConnectionIsNewer() {
        online("user_1", "10.0.0.9");
        devices.pass();
        later("user_1", "10.0.0.9", "10.0.0.1", "10.0.0.2");

        assertThat(live.rules().values())
                .extracting(r -> r.source().getHostAddress())
                .hasSize(1);
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0)).doesNotContain("10.0.0.9");
    }

    @Test
    void aBlockEndsWithItsCooldownAndAnotherPassDoesNotBlockTwice() {
        int probeAdds = live.adds.get();
        online("user_1", "10.0.0.1", "10.0.0.2");
        devices.pass();
        later("user_1", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        later("user_1", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(live.adds.get() - probeAdds).as("one block rule").isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        later("user_1", "10.0.0.1");
        assertThat(live.rules()).isEmpty();
        assertThat(devices.devices(A).blocked()).isZero();
    }

    @Test
    void aRemovedCustomerLosesItsBlocksAndALimitFromAddUserIsKept() {
        devices.remember(A, 1);
        online("user_1", "10.0.0.1");
        devices.pass();
        later("user_1", "10.0.0.1", "10.0.0.2");
        assertThat(live.rules()).hasSize(1);

        users.removeUser(new RemoveUserRequest(A));
        later("user_1");
        assertThat(live.rules()).isEmpty();
    }

    @Test
    void blocksComeBackAfterAnXrayRestartAndStrayRulesOfOursGo() throws Exception {
        online("user_1", "10.0.0.1", "10.0.0.2");
        devices.pass();
        later("user_1", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        live.restart();
        live.addSourceRule("atlas-device|user_2|10.9.9.9", "user_2", ip("10.9.9.9"), "block", SourceEncoding.IP_RULE);
        live.addSourceRule("operators-own", "user_2", ip("10.9.9.8"), "block", SourceEncoding.IP_RULE);

        later("user_1", "10.0.0.1", "10.0.0.2");

        assertThat(live.rules().keySet()).containsExactlyInAnyOrder("atlas-device|user_1|10.0.0.3", "operators-own");
        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.3"))).contains("block");
    }

    @Test
    void blocksAndLimitsSurviveARestartOfTheApi() throws Exception {
        devices.remember(A, 1);
        online("user_1", "10.0.0.1");
        devices.pass();
        later("user_1", "10.0.0.1", "10.0.0.2");
        devices.close();
        live.restart();

        devices = open(Optional.empty(), "supported");
        later("user_1", "10.0.0.1");

        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.2"))).contains("block");
        assertThat(devices.devices(A).limit()).isEqualTo(1);
    }

    @Test
    void aResetLiftsEveryBlockOfTheKeyAndNoOtherKeys() throws Exception {
        devices.remember(A, 1);
        devices.remember(B, 1);
        online("user_1", "10.0.0.1");
        online("user_2", "10.0.1.1");
        devices.pass();
        clock.advance(Duration.ofSeconds(3));
        online("user_1", "10.0.0.1", "10.0.0.2");
        online("user_2", "10.0.1.1", "10.0.1.2");
        devices.pass();
        assertThat(live.rules()).hasSize(2);

        UserDevicesResponse after = devices.reset(A);

        assertThat(after.lifted()).isEqualTo(1);
        assertThat(after.blocked()).isZero();
        assertThat(live.outboundFor(TAG, "user_1", ip("10.0.0.2"))).isEmpty();
        assertThat(live.outboundFor(TAG, "user_2", ip("10.0.1.2"))).contains("block");
        assertThat(devices.reset(A).lifted()).as("a second reset is a no-op").isZero();
    }

    @Test
    void anUnknownKeyIsNotFoundAndABadLimitIsRefused() {
        assertThatThrownBy(() -> devices.devices("33333333-3333-4333-8333-333333333333"))
                .isInstanceOf(UserRefusedException.class)
                .hasMessageContaining("33333333");
        assertThatThrownBy(() -> devices.remember(A, 0)).isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> devices.devices("not-a-uuid")).isInstanceOf(ContractViolation.class);
    }

    @Test
    void theProbeFindsTheEncodingTheRunningXrayReads() {
        devices.close();
        live.understands = SourceEncoding.GEOIP_CIDRS;
        devices = open(Optional.empty(), "supported");

        assertThat(devices.support().enforced()).isTrue();
        assertThat(devices.support().encoding()).isEqualTo(SourceEncoding.GEOIP_CIDRS);
        assertThat(live.rules()).as("the probe leaves no rule behind").isEmpty();
    }

    @Test
    void withoutRoutingServiceOrSessionClosingOrAConfigPieceNothingIsEnforcedAndTheReasonSaysWhy() {
        devices.close();
        live.routingMissing = true;
        devices = open(Optional.empty(), "supported");
        assertThat(devices.support().status()).startsWith("not_enforced: ").contains("RoutingService");
        online("user_1", "10.0.0.1", "10.0.0.2", "10.0.0.3");
        devices.pass();
        assertThat(live.onlineReads.get()).as("no pass runs while not enforced").isZero();
        assertThat(devices.devices(A).enforced()).isFalse();

        devices.close();
        live.routingMissing = false;
        devices = open(Optional.empty(), "unsupported");
        assertThat(devices.support().status()).contains("cannot close sessions");

        devices.close();
        devices = open(Optional.of("config.json has no outbound tagged \"block\""), "supported");
        assertThat(devices.support().detail()).contains("no outbound tagged");
        assertThat(closed).isEmpty();
    }

    @Test
    void anAddressXrayWritesThatIsNotALiteralIsNeverBlocked() {
        devices.remember(A, 1);
        online("user_1", "10.0.0.1");
        devices.pass();
        later("user_1", "10.0.0.1", "example.com");
        assertThat(live.rules()).isEmpty();
        assertThat(closed).isEmpty();
    }
}
