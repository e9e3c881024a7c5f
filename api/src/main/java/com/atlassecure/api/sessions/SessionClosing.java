package com.atlassecure.api.sessions;

import com.atlassecure.api.users.RemovalListener;
import com.atlassecure.api.xray.XrayControl;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Predicate;

/**
 * Session closing as the API runs it: what happens to a removed user's open connections, the periodic pass over
 * users still online though no longer active, and the status /health shows.
 */
public interface SessionClosing extends AutoCloseable {

    /** Told of every removal; never blocks the remover and never throws. */
    RemovalListener listener();

    /**
     * Closes {@code email}'s sessions from these addresses only (a device over the limit), off the caller's thread;
     * never throws.
     */
    void closeAddresses(String email, java.util.Set<String> ips);

    /** "supported", "unsupported" or "not_configured", for /health. */
    String status();

    /** Starts the periodic pass that cuts anyone still online for whom {@code isActive} is false. */
    void startSweep(Predicate<String> isActive);

    @Override
    void close();

    /**
     * Builds session closing during start-up, after config.json is read: only then is it known whether Xray keeps
     * the online stats closing needs. The inbound port is the verified {@code XRAY_PORT} (start-up refuses to run
     * when it differs from the inbound's); {@code xray} is the API's one port to Xray.
     */
    @FunctionalInterface
    interface Starter {
        SessionClosing start(int inboundPort, boolean onlineStatsEnabled, XrayControl xray, MeterRegistry registry);
    }

    /** Closing with {@code ss -K} on this host, never touching the allow-listed addresses. */
    static Starter withSs(AllowList allowList) {
        return (port, onlineStats, xray, registry) ->
                ClosingWorker.start(SessionCloseSettings.of(port, allowList, onlineStats), xray, registry);
    }

    /** No closing (tests, or a host where the API runs without ss): removals only reach {@code listener}. */
    static Starter off(RemovalListener listener) {
        return (port, onlineStats, xray, registry) -> new SessionClosing() {
            @Override
            public RemovalListener listener() {
                return listener;
            }

            @Override
            public String status() {
                return "not_configured";
            }

            @Override
            public void closeAddresses(String email, java.util.Set<String> ips) {}

            @Override
            public void startSweep(Predicate<String> isActive) {}

            @Override
            public void close() {}
        };
    }
}
