package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SsSessionCloserTest {
    private static final int PORT = 4443;

    private final FakeHost host = new FakeHost();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SsSessionCloser closer(Support support, AllowList allowList) {
        SessionCloseSettings settings =
                new SessionCloseSettings(PORT, allowList, true, List.of(), "ss", FakeHost.settle());
        return SsSessionCloser.create(
                settings,
                host,
                registry,
                new SsTool(List.of(), "ss", host.runner),
                host.clock(),
                host.sleeper(),
                new SelfTest.Result(
                        support,
                        support == Support.SUPPORTED ? "ok" : "SOCK_DESTROY answers: Operation not permitted"));
    }

    private SsSessionCloser closer() {
        return closer(Support.SUPPORTED, AllowList.empty());
    }

    private double leftOpenMetric(String reason) {
        return registry.get("atlas.sessions.left.open")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void killsOnlyTheRemovedUsersIpsAndVerifiesXrayDroppedThem() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.connect("user_1", "[2001:db8::1]", 50002);
        host.connect("user_2", "198.51.100.2", 50003);

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.CLOSED);
        assertThat(outcome.targetedIps()).containsExactlyInAnyOrder("198.51.100.1", "2001:db8:0:0:0:0:0:1");
        assertThat(outcome.socketsClosed()).isEqualTo(2);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(host.runner.kills())
                .extracting(argv -> argv.get(argv.indexOf("dst") + 1))
                .containsExactlyInAnyOrder("198.51.100.1", "[2001:db8:0:0:0:0:0:1]");
        assertThat(host.runner.kills()).allSatisfy(argv -> assertThat(argv).endsWith("sport", "=", ":4443"));
        assertThat(host.socketsByIp).containsOnlyKeys("198.51.100.2");
        assertThat(registry.get("atlas.sessions.closed").counter().count()).isEqualTo(2);
    }

    @Test
    void anAddressAnotherOnlineCustomerSharesIsSkippedAndTheOthersAreClosed() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.connect("user_1", "198.51.100.9", 50002);
        host.connect("user_2", "198.51.100.1", 50003);

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.CLOSED);
        assertThat(outcome.targetedIps()).containsExactly("198.51.100.9");
        assertThat(host.runner.calls).noneMatch(argv -> argv.contains("198.51.100.1"));
        assertThat(host.socketsByIp).containsKey("198.51.100.1");
    }

    @Test
    void theSweepClosesTwoInactiveUsersBehindOneAddressButNotAnActiveOne() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.connect("user_2", "198.51.100.1", 50002);
        host.connect("user_3", "198.51.100.3", 50003);
        host.connect("user_4", "198.51.100.3", 50004);

        SweepReport report = closer().closeInactive(email -> email.equals("user_4"));

        assertThat(report.outcomes())
                .extracting(CloseOutcome::email, CloseOutcome::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("user_1", CloseOutcome.Status.CLOSED),
                        org.assertj.core.groups.Tuple.tuple("user_2", CloseOutcome.Status.NOT_ONLINE),
                        org.assertj.core.groups.Tuple.tuple("user_3", CloseOutcome.Status.ONLY_SHARED));
        assertThat(host.socketsByIp).containsOnlyKeys("198.51.100.3");
    }

    @Test
    void closingLogsNeitherTheCustomersAddressNorTheirTelegramId() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SsSessionCloser.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            host.connect("user_424242", "198.51.100.77", 50001);
            host.connect("user_424242", "[2001:db8::77]", 50002);
            closer().close("user_424242");
            closer(Support.UNSUPPORTED, AllowList.empty()).close("user_424242");
            host.connect("user_424242", "198.51.100.77", 50003);
            closer(Support.UNSUPPORTED, AllowList.empty()).close("user_424242");
            // XrayControl's errors name the stats entry, and so the user.
            host.statsFailure = new IllegalStateException(
                    "GetStatsOnlineIpList(user>>>user_424242>>>online) at 127.0.0.1:10085 failed: UNAVAILABLE");
            closer().close("user_424242");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain("424242")
                        .doesNotContain("198.51.100.77")
                        .doesNotContainIgnoringCase("2001:db8"));
    }

    @Test
    void aNeighbourReconnectingFromTheSameIpAfterTheKillIsNotAFailure() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.neighbourReconnects = true;

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.CLOSED);
        assertThat(host.runner.kills()).hasSize(1);
        assertThat(host.socketsByIp.get("198.51.100.1")).containsExactly("61000");
    }

    @Test
    void aSocketThatSurvivesTheKillIsAFailure() {
        host.connect("user_1", "198.51.100.1", 50001);
        SsTool lyingSs = new SsTool(
                List.of(),
                "ss",
                new ScriptedRunner(argv -> ScriptedRunner.ok("0 0 203.0.113.1:4443 198.51.100.1:50001\n")));
        SsSessionCloser closer = SsSessionCloser.create(
                new SessionCloseSettings(PORT, AllowList.empty(), true, List.of(), "ss", FakeHost.settle()),
                host,
                registry,
                lyingSs,
                host.clock(),
                host.sleeper(),
                new SelfTest.Result(Support.SUPPORTED, "ok"));

        CloseOutcome outcome = closer.close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.LEFT_OPEN);
        assertThat(outcome.detail()).contains("1 socket(s) from 198.51.100.1 survived ss -K");
    }

    @Test
    void aUserWhoIsNotOnlineNeedsNoSs() {
        CloseOutcome outcome = closer().close("user_1");
        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.NOT_ONLINE);
        assertThat(host.runner.calls).isEmpty();
    }

    @Test
    void neverTouchesAllowListedAdminIps() {
        host.connect("user_1", "203.0.113.7", 50001);
        host.connect("user_1", "198.51.100.1", 50002);
        SsSessionCloser closer = closer(Support.SUPPORTED, AllowList.parse("203.0.113.0/24"));

        CloseOutcome outcome = closer.close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.CLOSED);
        assertThat(outcome.allowListedIps()).containsExactly("203.0.113.7");
        assertThat(host.runner.calls).noneMatch(argv -> argv.contains("203.0.113.7"));
        assertThat(host.socketsByIp).containsKey("203.0.113.7");
        assertThat(host.socketsByIp).doesNotContainKey("198.51.100.1");
    }

    @Test
    void aUserOnlineOnlyFromAllowListedIpsIsLeftAloneWithoutAlert() {
        host.connect("user_1", "203.0.113.7", 50001);
        CloseOutcome outcome =
                closer(Support.SUPPORTED, AllowList.parse("203.0.113.7")).close("user_1");
        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.ONLY_ALLOW_LISTED);
        assertThat(host.runner.calls).isEmpty();
    }

    @Test
    void whereUnsupportedEveryCloseThatLeavesSessionsOpenAlertsAndCounts() {
        host.connect("user_1", "198.51.100.1", 50001);
        SsSessionCloser closer = closer(Support.UNSUPPORTED, AllowList.empty());

        CloseOutcome first = closer.close("user_1");
        CloseOutcome second = closer.close("user_1");

        assertThat(first.status()).isEqualTo(CloseOutcome.Status.LEFT_OPEN);
        assertThat(first.detail()).contains("Operation not permitted");
        assertThat(second.leftOpen()).isTrue();
        assertThat(closer.leftOpenCount()).isEqualTo(2);
        assertThat(leftOpenMetric("unsupported")).isEqualTo(2);
        assertThat(registry.get("atlas.sessions.close.supported").gauge().value())
                .isZero();
    }

    @Test
    void treatsSsStderrAsFailureRetriesOnceThenAlerts() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.killStderr = "SOCK_DESTROY answers: Operation not permitted\n";

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.LEFT_OPEN);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(host.runner.kills()).hasSize(2);
        assertThat(outcome.detail()).contains("SOCK_DESTROY");
        assertThat(leftOpenMetric("failed")).isEqualTo(1);
    }

    @Test
    void failsWhenXrayKeepsListingTheIpAfterTheSettleTimeout() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.xrayForgetsOnKill = false;

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.LEFT_OPEN);
        assertThat(outcome.detail()).contains("still lists 198.51.100.1");
        // two attempts, each waiting the full settle time on the injected clock, not the wall clock
        assertThat(outcome.took()).isGreaterThanOrEqualTo(FakeHost.settle().multipliedBy(2));
    }

    @Test
    void theRetrySucceedsWhenXrayDropsTheIpOnlyAfterTheFirstSettleWindow() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.xrayForgetsOnKill = false;
        host.xrayForgetsAt = host.now.get().plus(FakeHost.settle()).plusSeconds(1);

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.CLOSED);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(leftOpenMetric("failed")).isZero();
    }

    @Test
    void neverPassesAnUnparseableIpToSsAndReportsIt() {
        host.online.put("user_1", new java.util.HashMap<>(java.util.Map.of("1.2.3.4; reboot", 1L)));

        CloseOutcome outcome = closer().close("user_1");

        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.LEFT_OPEN);
        assertThat(outcome.detail()).contains("not address literals");
        assertThat(host.runner.calls).isEmpty();
    }

    @Test
    void aStatsFailureIsAnAlertedOutcomeNotAnException() {
        host.statsFailure = new IllegalStateException("UNAVAILABLE: io exception");
        CloseOutcome outcome = closer().close("user_1");
        assertThat(outcome.status()).isEqualTo(CloseOutcome.Status.LEFT_OPEN);
        assertThat(outcome.detail()).contains("UNAVAILABLE");
        assertThat(leftOpenMetric("failed")).isEqualTo(1);
    }

    @Test
    void theSweepClosesOnlineUsersWhoAreNoLongerActive() {
        host.connect("user_1", "198.51.100.1", 50001);
        host.connect("user_2", "198.51.100.2", 50002);
        host.connect("user_3", "198.51.100.3", 50003);

        SweepReport report = closer().closeInactive(Set.of("user_2")::contains);

        assertThat(report.online()).isEqualTo(3);
        assertThat(report.outcomes()).extracting(CloseOutcome::email).containsExactlyInAnyOrder("user_1", "user_3");
        assertThat(report.leftOpen()).isZero();
        assertThat(host.socketsByIp).containsOnlyKeys("198.51.100.2");
    }

    @Test
    void theSweepSurvivesXrayBeingDown() {
        FakeHost down = new FakeHost() {
            @Override
            public List<String> onlineEmails() {
                throw new IllegalStateException("UNAVAILABLE");
            }
        };
        SsSessionCloser closer = SsSessionCloser.create(
                SessionCloseSettings.of(PORT, AllowList.empty(), true),
                down,
                registry,
                new SsTool(List.of(), "ss", down.runner),
                down.clock(),
                down.sleeper(),
                new SelfTest.Result(Support.SUPPORTED, "ok"));
        assertThat(closer.closeInactive(email -> false).outcomes()).isEmpty();
    }
}
