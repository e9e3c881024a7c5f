package com.atlassecure.api.sessions;

import com.atlassecure.api.xray.XrayControl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * Closes exactly a removed customer's live TCP sessions on the VLESS inbound port, and nobody
 * else's. Call it after the user has been removed from Xray over gRPC, so the customer cannot
 * simply reconnect. Calls block for up to a few seconds (ss runs, then waits for Xray to notice):
 * run them off request threads.
 */
public interface SessionCloser {

    /**
     * Kills the TCP sessions from the user's online IPs to the inbound port, except allow-listed
     * IPs, verifies, and retries once. Never throws for an operational failure: a failure is an
     * outcome of {@link CloseOutcome.Status#LEFT_OPEN}, logged as an alert line and counted.
     */
    CloseOutcome close(String email);

    /**
     * Kills the sessions of {@code email} from just these addresses (as Xray writes them) to the inbound port, for
     * a device over its key's limit. Like {@link #close}, an address another online customer shares, or that is
     * allow-listed, is left alone, and a failure is an outcome, never an exception.
     */
    CloseOutcome closeAddresses(String email, java.util.Set<String> ips);

    /**
     * The periodic pass: closes the sessions of every user Xray lists as online for whom
     * {@code isActive} is false. {@code isActive} is asked after Xray's online list is read, so a
     * user added meanwhile is not cut off. The caller removes such users from Xray first (reconcile).
     */
    SweepReport closeInactive(Predicate<String> isActive);

    /** The start-up self-test's verdict, for /health and /metrics. */
    Support support();

    /** Why the self-test decided as it did, e.g. "SOCK_DESTROY answers: Operation not permitted". */
    String supportDetail();

    /** How many closes left sessions open since start (also the {@code atlas_sessions_left_open_total} counter). */
    long leftOpenCount();

    /**
     * Runs the self-test on loopback and returns a closer. Registers in {@code registry}:
     * {@code atlas_sessions_close_supported} (gauge 1/0), {@code atlas_sessions_closed_total}
     * (sockets killed) and {@code atlas_sessions_left_open_total{reason}}.
     */
    static SessionCloser start(SessionCloseSettings settings, XrayControl xray, MeterRegistry registry) {
        return SsSessionCloser.start(
                settings,
                OnlineIps.over(xray),
                registry,
                CommandRunner.processes(),
                Clock.systemUTC(),
                Sleeper.threadSleep());
    }
}
