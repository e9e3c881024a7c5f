package com.atlassecure.api.sessions;

import java.time.Duration;
import java.util.List;

/**
 * How to close sessions on this host.
 *
 * @param inboundPort the VLESS inbound's port (the {@code sport} of every customer socket)
 * @param allowList admin addresses never touched ({@code SESSION_CLOSE_ALLOWLIST})
 * @param onlineStatsEnabled whether the users' level has {@code statsUserOnline: true}; without it
 *     Xray lists no IPs, so nothing can be closed and support is reported UNSUPPORTED
 * @param commandPrefix programs ss runs through, e.g. {@code [nsenter, -t, PID, -n]} when Xray lives
 *     in another network namespace; usually empty
 * @param ssBinary the ss program, {@code ss} (found on PATH) by default
 * @param settleTimeout how long to wait for Xray to drop the killed IPs from its online list
 */
public record SessionCloseSettings(
        int inboundPort,
        AllowList allowList,
        boolean onlineStatsEnabled,
        List<String> commandPrefix,
        String ssBinary,
        Duration settleTimeout) {

    public SessionCloseSettings {
        if (inboundPort < 1 || inboundPort > 65535) {
            throw new IllegalArgumentException("inbound port must be 1..65535, got " + inboundPort);
        }
        commandPrefix = List.copyOf(commandPrefix);
        if (ssBinary == null || ssBinary.isBlank()) {
            throw new IllegalArgumentException("ss binary must be named");
        }
        if (settleTimeout.isNegative() || settleTimeout.isZero()) {
            throw new IllegalArgumentException("settle timeout must be positive, got " + settleTimeout);
        }
    }

    /** Where iproute2 installs ss on Debian and Ubuntu; never looked up on PATH (review I1). */
    public static final String SS = "/usr/bin/ss";

    /** The usual settings: {@link #SS}, no prefix, a 3 s settle timeout. */
    public static SessionCloseSettings of(int inboundPort, AllowList allowList, boolean onlineStatsEnabled) {
        return new SessionCloseSettings(
                inboundPort, allowList, onlineStatsEnabled, List.of(), SS, Duration.ofSeconds(3));
    }

    public SessionCloseSettings withCommandPrefix(List<String> prefix) {
        return new SessionCloseSettings(inboundPort, allowList, onlineStatsEnabled, prefix, ssBinary, settleTimeout);
    }
}
