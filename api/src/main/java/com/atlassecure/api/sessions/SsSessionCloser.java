package com.atlassecure.api.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 */
final class SsSessionCloser implements SessionCloser {
    private static final Logger log = LoggerFactory.getLogger(SsSessionCloser.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int ATTEMPTS = 2;

    private final SessionCloseSettings settings;
    private final OnlineIps online;
    private final SsTool ss;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SelfTest.Result selfTest;
    private final AtomicLong leftOpen = new AtomicLong();
    private final Counter socketsClosed;
    private final Counter leftOpenUnsupported;
    private final Counter leftOpenFailed;

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
        this.ss = ss;
        this.clock = clock;
        this.sleeper = sleeper;
        this.selfTest = selfTest;
        this.socketsClosed = Counter.builder("atlas.sessions.closed")
                .description("Customer TCP sockets killed after removal")
                .register(registry);
        this.leftOpenUnsupported = leftOpenCounter(registry, "unsupported");
        this.leftOpenFailed = leftOpenCounter(registry, "failed");
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
        if (verdict.support() == Support.SUPPORTED) {
            log.info("event=session_close_self_test support=SUPPORTED detail=\"{}\"", quote(verdict.detail()));
        } else {
            log.warn("event=session_close_self_test support=UNSUPPORTED detail=\"{}\"", quote(verdict.detail()));
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
        return leftOpen.get();
    }

    @Override
    public CloseOutcome close(String email) {
        // Any other user Xray lists online is still in the inbound, so still a customer to protect.
        return close(email, other -> true);
    }

    private CloseOutcome close(String email, Predicate<String> isProtected) {
        Instant started = clock.instant();
        Targets targets;
        try {
            targets = Targets.read(online, email, settings.allowList()).withoutShared(online, email, isProtected);
        } catch (RuntimeException e) {
            return leftOpen(
                    email,
                    leftOpenFailed,
                    "failed",
                    List.of(),
                    List.of(),
                    0,
                    0,
                    started,
                    "cannot read the online IPs: " + e.getMessage());
        }
        if (targets.addresses().isEmpty() && targets.invalid().isEmpty()) {
            return nothingToClose(email, targets, started);
        }
        if (support() == Support.UNSUPPORTED) {
            return leftOpen(
                    email,
                    leftOpenUnsupported,
                    "unsupported",
                    targets.ips(),
                    targets.allowListed(),
                    0,
                    0,
                    started,
                    selfTest.detail());
        }
        Set<String> targetedIps = new LinkedHashSet<>();
        int killed = 0;
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                log.warn(
                        "event=session_close_retry user={} port={} reason=\"{}\"",
                        LogTags.user(email),
                        settings.inboundPort(),
                        quote(LogTags.scrub(failure)));
                try {
                    targets =
                            Targets.read(online, email, settings.allowList()).withoutShared(online, email, isProtected);
                } catch (RuntimeException e) {
                    failure = "cannot read the online IPs: " + e.getMessage();
                    continue;
                }
                if (targets.addresses().isEmpty() && targets.invalid().isEmpty()) {
                    return closed(email, targetedIps, targets, killed, attempt - 1, started);
                }
            }
            Attempt result = killAll(targets.addresses());
            killed += result.killed();
            targetedIps.addAll(targets.ips());
            failure = result.error();
            if (failure == null && !targets.invalid().isEmpty()) {
                failure = "Xray listed " + targets.invalid().size() + " IP(s) that are not address literals";
            }
            if (failure == null) {
                failure = awaitOffline(email, targets.addresses());
            }
            if (failure == null) {
                return closed(email, targetedIps, targets, killed, attempt, started);
            }
        }
        return leftOpen(
                email,
                leftOpenFailed,
                "failed",
                List.copyOf(targetedIps),
                targets.allowListed(),
                killed,
                ATTEMPTS,
                started,
                failure);
    }

    @Override
    public SweepReport closeInactive(Predicate<String> isActive) {
        List<String> emails;
        try {
            emails = online.onlineEmails();
        } catch (RuntimeException e) {
            log.error("event=session_sweep_failed reason=\"{}\"", quote(e.getMessage()));
            return new SweepReport(0, List.of());
        }
        List<CloseOutcome> outcomes = new ArrayList<>();
        for (String email : emails) {
            if (!isActive.test(email)) {
                log.warn("event=inactive_user_online user={}", LogTags.user(email));
                outcomes.add(close(email, isActive));
            }
        }
        SweepReport report = new SweepReport(emails.size(), outcomes);
        log.info(
                "event=session_sweep online={} inactive={} left_open={}",
                emails.size(),
                outcomes.size(),
                report.leftOpen());
        return report;
    }

    private record Attempt(int killed, String error) {}

    private Attempt killAll(List<InetAddress> addresses) {
        int killed = 0;
        List<String> errors = new ArrayList<>();
        int port = settings.inboundPort();
        for (InetAddress address : addresses) {
            SsTool.Outcome before = ss.list(address, port);
            SsTool.Outcome kill = ss.kill(address, port);
            killed += kill.sockets().size();
            if (!kill.ok()) {
                errors.add(kill.error());
                continue;
            }
            SsTool.Outcome after = ss.list(address, port);
            if (!after.ok()) {
                errors.add(after.error());
                continue;
            }
            Set<TcpSocket> survivors = new HashSet<>(after.sockets());
            survivors.retainAll(before.sockets());
            if (!survivors.isEmpty()) {
                errors.add(survivors.size() + " socket(s) from " + address.getHostAddress() + " survived ss -K");
            }
        }
        socketsClosed.increment(killed);
        return new Attempt(killed, errors.isEmpty() ? null : String.join("; ", errors));
    }

    /** Null once Xray lists none of the killed addresses for the user, else why not. */
    private String awaitOffline(String email, List<InetAddress> killed) {
        Instant deadline = clock.instant().plus(settings.settleTimeout());
        Set<InetAddress> watched = Set.copyOf(killed);
        while (true) {
            List<InetAddress> still;
            try {
                still = Targets.read(online, email, settings.allowList()).addresses().stream()
                        .filter(watched::contains)
                        .toList();
            } catch (RuntimeException e) {
                return "cannot read the online IPs: " + e.getMessage();
            }
            if (still.isEmpty()) {
                return null;
            }
            if (!clock.instant().isBefore(deadline)) {
                return "Xray still lists " + Targets.render(still) + " online after "
                        + settings.settleTimeout().toMillis() + " ms";
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for Xray to drop the sessions";
            }
        }
    }

    private CloseOutcome nothingToClose(String email, Targets targets, Instant started) {
        if (!targets.shared().isEmpty()) {
            log.warn(
                    "event=session_close_shared_skipped user={} ips={} port={} reason=\"another active customer is"
                            + " online from the same address; Xray refuses this user's new handshakes\"",
                    LogTags.user(email),
                    LogTags.ips(targets.shared()),
                    settings.inboundPort());
            return new CloseOutcome(
                    email, CloseOutcome.Status.ONLY_SHARED, List.of(), targets.allowListed(), 0, 0, since(started), "");
        }
        if (targets.allowListed().isEmpty()) {
            return new CloseOutcome(
                    email, CloseOutcome.Status.NOT_ONLINE, List.of(), List.of(), 0, 0, since(started), "");
        }
        log.info(
                "event=session_close_allowlisted user={} ips={} port={}",
                LogTags.user(email),
                LogTags.ips(targets.allowListed()),
                settings.inboundPort());
        return new CloseOutcome(
                email,
                CloseOutcome.Status.ONLY_ALLOW_LISTED,
                List.of(),
                targets.allowListed(),
                0,
                0,
                since(started),
                "");
    }

    private CloseOutcome closed(
            String email, Set<String> targetedIps, Targets targets, int killed, int attempts, Instant started) {
        Duration took = since(started);
        log.info(
                "event=sessions_closed user={} ips={} port={} sockets={} attempts={} took_ms={} allowlisted={}"
                        + " shared_skipped={}",
                LogTags.user(email),
                LogTags.ips(targetedIps),
                settings.inboundPort(),
                killed,
                attempts,
                took.toMillis(),
                targets.allowListed().size(),
                targets.shared().size());
        return new CloseOutcome(
                email,
                CloseOutcome.Status.CLOSED,
                List.copyOf(targetedIps),
                targets.allowListed(),
                killed,
                attempts,
                took,
                "");
    }

    private CloseOutcome leftOpen(
            String email,
            Counter counter,
            String reason,
            List<String> ips,
            List<String> allowListed,
            int killed,
            int attempts,
            Instant started,
            String detail) {
        counter.increment();
        leftOpen.incrementAndGet();
        String event = reason.equals("unsupported") ? "session_close_unsupported" : "session_close_failed";
        log.error(
                "event={} user={} ips={} port={} sockets_killed={} attempts={} left_open_total={} detail=\"{}\"",
                event,
                LogTags.user(email),
                LogTags.ips(ips),
                settings.inboundPort(),
                killed,
                attempts,
                leftOpen.get(),
                quote(LogTags.scrub(detail)));
        return new CloseOutcome(
                email, CloseOutcome.Status.LEFT_OPEN, ips, allowListed, killed, attempts, since(started), detail);
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }

    private static Counter leftOpenCounter(MeterRegistry registry, String reason) {
        return Counter.builder("atlas.sessions.left.open")
                .description("Closes that left a removed user's sessions open")
                .tag("reason", reason)
                .register(registry);
    }

    static String quote(String text) {
        return text == null ? "" : text.replace('"', '\'').replace('\n', ' ');
    }
}
