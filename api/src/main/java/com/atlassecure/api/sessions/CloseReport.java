package com.atlassecure.api.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns how a close went into its {@link CloseOutcome}, its log line and its counters. Logs under the closer's
 * logger name, so operators (and the log-privacy test) find every closing line in one place.
 */
final class CloseReport {
    private static final Logger log = LoggerFactory.getLogger(SsSessionCloser.class);

    /** What the kill rounds so far did: the addresses targeted, sockets ss destroyed, rounds run. */
    record Tally(List<String> targetedIps, int killed, int attempts) {
        static final Tally NONE = new Tally(List.of(), 0, 0);

        Tally {
            targetedIps = List.copyOf(targetedIps);
        }
    }

    private final int inboundPort;
    private final Clock clock;
    private final AtomicLong leftOpen = new AtomicLong();
    private final Map<LeftOpenReason, Counter> leftOpenCounters = new EnumMap<>(LeftOpenReason.class);

    CloseReport(int inboundPort, Clock clock, MeterRegistry registry) {
        this.inboundPort = inboundPort;
        this.clock = clock;
        for (LeftOpenReason reason : LeftOpenReason.values()) {
            leftOpenCounters.put(
                    reason,
                    Counter.builder("atlas.sessions.left.open")
                            .description("Closes that left a removed user's sessions open")
                            .tag("reason", reason.tag)
                            .register(registry));
        }
    }

    long leftOpenCount() {
        return leftOpen.get();
    }

    /** Nothing was killable: not online, online only from allow-listed addresses, or only from shared ones. */
    CloseOutcome nothingToClose(String email, Targets targets, Instant started) {
        if (!targets.shared().isEmpty()) {
            log.warn(
                    "event=session_close_shared_skipped user={} ips={} port={} reason=\"another active customer is"
                            + " online from the same address; Xray refuses this user's new handshakes\"",
                    LogTags.user(email),
                    LogTags.ips(targets.shared()),
                    inboundPort);
            return outcome(email, CloseOutcome.Status.ONLY_SHARED, Tally.NONE, targets.allowListed(), started, "");
        }
        if (targets.allowListed().isEmpty()) {
            return outcome(email, CloseOutcome.Status.NOT_ONLINE, Tally.NONE, List.of(), started, "");
        }
        log.info(
                "event=session_close_allowlisted user={} ips={} port={}",
                LogTags.user(email),
                LogTags.ips(targets.allowListed()),
                inboundPort);
        return outcome(email, CloseOutcome.Status.ONLY_ALLOW_LISTED, Tally.NONE, targets.allowListed(), started, "");
    }

    /** The sessions are gone; {@code last} is the latest read of the user's targets. */
    CloseOutcome closed(String email, Tally tally, Targets last, Instant started) {
        CloseOutcome outcome = outcome(email, CloseOutcome.Status.CLOSED, tally, last.allowListed(), started, "");
        log.info(
                "event=sessions_closed user={} ips={} port={} sockets={} attempts={} took_ms={} allowlisted={}"
                        + " shared_skipped={}",
                LogTags.user(email),
                LogTags.ips(tally.targetedIps()),
                inboundPort,
                tally.killed(),
                tally.attempts(),
                outcome.took().toMillis(),
                last.allowListed().size(),
                last.shared().size());
        return outcome;
    }

    void retrying(String email, String failure) {
        log.warn(
                "event=session_close_retry user={} port={} reason=\"{}\"",
                LogTags.user(email),
                inboundPort,
                forLog(failure, email));
    }

    /** Sessions may remain: alerts, counts by reason, and says so in the outcome. */
    CloseOutcome leftOpen(
            String email,
            LeftOpenReason reason,
            Tally tally,
            Collection<String> allowListed,
            Instant started,
            String detail) {
        leftOpenCounters.get(reason).increment();
        long total = leftOpen.incrementAndGet();
        log.error(
                "event={} user={} ips={} port={} sockets_killed={} attempts={} left_open_total={} detail=\"{}\"",
                reason.event,
                LogTags.user(email),
                LogTags.ips(tally.targetedIps()),
                inboundPort,
                tally.killed(),
                tally.attempts(),
                total,
                forLog(detail, email));
        return outcome(email, CloseOutcome.Status.LEFT_OPEN, tally, List.copyOf(allowListed), started, detail);
    }

    private CloseOutcome outcome(
            String email,
            CloseOutcome.Status status,
            Tally tally,
            List<String> allowListed,
            Instant started,
            String detail) {
        Duration took = Duration.between(started, clock.instant());
        return new CloseOutcome(
                email, status, tally.targetedIps(), allowListed, tally.killed(), tally.attempts(), took, detail);
    }

    /** Why Xray's online map could not be read. */
    static String readFailure(RuntimeException e) {
        return "cannot read the online IPs: " + e.getMessage();
    }

    /**
     * Free text made fit for a log line: addresses and the user's email (a Telegram id; Xray errors name the stats
     * entry {@code user>>>EMAIL>>>online}) become their tags, quotes and newlines cannot break the line.
     */
    private static String forLog(String text, String email) {
        String safe = text == null ? "" : text.replace(email, LogTags.user(email));
        return quote(LogTags.scrub(safe));
    }

    static String quote(String text) {
        return text == null ? "" : text.replace('"', '\'').replace('\n', ' ');
    }
}
