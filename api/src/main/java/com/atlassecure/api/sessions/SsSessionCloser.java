package com.atlassecure.api.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SessionCloser} with {@code ss -K}. Design: Xray's online map says which IPs a user is
 * online from; ss kills the sockets from those IPs to the inbound port. Success is judged by
 * outcomes, not by ss's exit code: no killed socket may survive, and Xray must drop the IPs from
 * the user's online map. New sockets from the same IP after the kill are not failures: customers
 * sharing the address (CGNAT) reconnect at once with their own credentials, and the removed
 * customer's retry lives only until Xray rejects its unknown id. Judging them would reset the
 * neighbours twice and end in a false alert; Xray's online list says whether this user is gone.
 * This class decides what to try and when to retry; {@link KillRound} kills and verifies, and
 * {@link CloseReport} logs, counts and builds the outcome.
 */
final class SsSessionCloser implements SessionCloser {
    private static final Logger log = LoggerFactory.getLogger(SsSessionCloser.class);
    private static final int ATTEMPTS = 2;

    private final SessionCloseSettings settings;
    private final OnlineIps online;
    private final Clock clock;
    private final SelfTest.Result selfTest;
    private final KillRound rounds;
    private final CloseReport report;

    private SsSessionCloser(
            SessionCloseSettings settings,
            OnlineIps online,
            SsTool ss,
            Clock clock,
            Sleeper sleeper,
            SelfTest.Result selfTest,
            MeterRegistry registry) {
        this.settings = settings;
        this.online = online;
        this.clock = clock;
        this.selfTest = selfTest;
        Counter socketsClosed = Counter.builder("atlas.sessions.closed")
                .description("Customer TCP sockets killed after removal")
                .register(registry);
        this.rounds = new KillRound(settings, online, ss, clock, sleeper, socketsClosed);
        this.report = new CloseReport(settings.inboundPort(), clock, registry);
        Gauge.builder("atlas.sessions.close.supported", () -> support() == Support.SUPPORTED ? 1 : 0)
                .description("1 when the start-up self-test could kill a loopback socket")
                .register(registry);
    }

    static SsSessionCloser start(
            SessionCloseSettings settings,
            OnlineIps online,
            MeterRegistry registry,
            CommandRunner runner,
            Clock clock,
            Sleeper sleeper) {
        SsTool ss = new SsTool(settings.commandPrefix(), settings.ssBinary(), runner);
        SelfTest.Result result = SelfTest.run(ss);
        if (!settings.onlineStatsEnabled()) {
            result = new SelfTest.Result(
                    Support.UNSUPPORTED,
                    "statsUserOnline is off, so Xray lists no IPs to close (ss self-test: " + result.detail() + ")");
        }
        return create(settings, online, registry, ss, clock, sleeper, result);
    }

    /** A closer with a given verdict; start() is the only production caller. */
    static SsSessionCloser create(
            SessionCloseSettings settings,
            OnlineIps online,
            MeterRegistry registry,
            SsTool ss,
            Clock clock,
            Sleeper sleeper,
            SelfTest.Result verdict) {
        String detail = CloseReport.quote(verdict.detail());
        if (verdict.support() == Support.SUPPORTED) {
            log.info("event=session_close_self_test support=SUPPORTED detail=\"{}\"", detail);
        } else {
            log.warn("event=session_close_self_test support=UNSUPPORTED detail=\"{}\"", detail);
        }
        return new SsSessionCloser(settings, online, ss, clock, sleeper, verdict, registry);
    }

    @Override
    public Support support() {
        return selfTest.support();
    }

    @Override
    public String supportDetail() {
        return selfTest.detail();
    }

    @Override
    public long leftOpenCount() {
        return report.leftOpenCount();
    }

    @Override
    public CloseOutcome close(String email) {
        // Any other user Xray lists online is still in the inbound, so still a customer to protect.
        return close(email, other -> true, ip -> true);
    }

    @Override
    public CloseOutcome closeAddresses(String email, Set<String> ips) {
        // Only these addresses, and still never one another online customer shares.
        return close(email, other -> true, ips::contains);
    }

    private CloseOutcome close(String email, Predicate<String> isProtected, Predicate<String> onlyIps) {
        Instant started = clock.instant();
        Targets targets;
        try {
            targets = targets(email, isProtected, onlyIps);
        } catch (RuntimeException e) {
            return report.leftOpen(
                    email,
                    LeftOpenReason.FAILED,
                    CloseReport.Tally.NONE,
                    List.of(),
                    started,
                    CloseReport.readFailure(e));
        }
        if (targets.nothingToKill()) {
            return report.nothingToClose(email, targets, started);
        }
        if (support() == Support.UNSUPPORTED) {
            return report.leftOpen(
                    email,
                    LeftOpenReason.UNSUPPORTED,
                    new CloseReport.Tally(targets.ips(), 0, 0),
                    targets.allowListed(),
                    started,
                    selfTest.detail());
        }
        return killWithRetry(email, targets, isProtected, onlyIps, started);
    }

    /**
     * Up to {@link #ATTEMPTS} kill rounds. A retry reads the targets again: Xray may have dropped some addresses
     * meanwhile, and a user no longer online from any counts as closed.
     */
    private CloseOutcome killWithRetry(
            String email, Targets first, Predicate<String> isProtected, Predicate<String> onlyIps, Instant started) {
        Targets targets = first;
        Set<String> targetedIps = new LinkedHashSet<>();
        int killed = 0;
        String failure = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                report.retrying(email, failure);
                try {
                    targets = targets(email, isProtected, onlyIps);
                } catch (RuntimeException e) {
                    failure = CloseReport.readFailure(e);
                    continue;
                }
                if (targets.nothingToKill()) {
                    return report.closed(
                            email,
                            new CloseReport.Tally(List.copyOf(targetedIps), killed, attempt - 1),
                            targets,
                            started);
                }
            }
            KillRound.Result round = rounds.run(email, targets);
            killed += round.killed();
            targetedIps.addAll(targets.ips());
            if (round instanceof KillRound.Failed failed) {
                failure = failed.reason();
                continue;
            }
            return report.closed(
                    email, new CloseReport.Tally(List.copyOf(targetedIps), killed, attempt), targets, started);
        }
        return report.leftOpen(
                email,
                LeftOpenReason.FAILED,
                new CloseReport.Tally(List.copyOf(targetedIps), killed, ATTEMPTS),
                targets.allowListed(),
                started,
                failure);
    }

    private Targets targets(String email, Predicate<String> isProtected, Predicate<String> onlyIps) {
        return Targets.read(online, email, settings.allowList(), onlyIps).withoutShared(online, email, isProtected);
    }

    @Override
    public SweepReport closeInactive(Predicate<String> isActive) {
        List<String> emails;
        try {
            emails = online.onlineEmails();
        } catch (RuntimeException e) {
            log.error("event=session_sweep_failed reason=\"{}\"", CloseReport.quote(e.getMessage()));
            return new SweepReport(0, List.of());
        }
        List<CloseOutcome> outcomes = new ArrayList<>();
        for (String email : emails) {
            if (!isActive.test(email)) {
                log.warn("event=inactive_user_online user={}", LogTags.user(email));
                outcomes.add(close(email, isActive, ip -> true));
            }
        }
        SweepReport sweep = new SweepReport(emails.size(), outcomes);
        log.info(
                "event=session_sweep online={} inactive={} left_open={}",
                emails.size(),
                outcomes.size(),
                sweep.leftOpen());
        return sweep;
    }
}
