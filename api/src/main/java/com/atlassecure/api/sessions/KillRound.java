package com.atlassecure.api.sessions;

import io.micrometer.core.instrument.Counter;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One kill-and-verify round over a user's targets: {@code ss -K} each address, check that no killed socket survived,
 * then wait until Xray drops the addresses from the user's online map. New sockets from the same address after the
 * kill are not failures (see {@link SsSessionCloser}).
 */
final class KillRound {
    private static final Duration POLL = Duration.ofMillis(50);

    /** How a round ended; {@code killed} counts the sockets ss reported as destroyed either way. */
    sealed interface Result permits Gone, Failed {
        int killed();
    }

    /** Every killed socket is gone and Xray no longer lists the addresses for the user. */
    record Gone(int killed) implements Result {}

    /** Sessions may remain; {@code reason} says why, in words for the alert. */
    record Failed(int killed, String reason) implements Result {}

    private final SessionCloseSettings settings;
    private final OnlineIps online;
    private final SsTool ss;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Counter socketsClosed;

    KillRound(
            SessionCloseSettings settings,
            OnlineIps online,
            SsTool ss,
            Clock clock,
            Sleeper sleeper,
            Counter socketsClosed) {
        this.settings = settings;
        this.online = online;
        this.ss = ss;
        this.clock = clock;
        this.sleeper = sleeper;
        this.socketsClosed = socketsClosed;
    }

    Result run(String email, Targets targets) {
        List<String> errors = new ArrayList<>();
        int killed = killAll(targets.addresses(), errors);
        if (!errors.isEmpty()) {
            return new Failed(killed, String.join("; ", errors));
        }
        if (!targets.invalid().isEmpty()) {
            return new Failed(
                    killed, "Xray listed " + targets.invalid().size() + " IP(s) that are not address literals");
        }
        return awaitOffline(email, targets.addresses(), killed);
    }

    /** Kills the sockets from each address to the inbound port; returns how many ss destroyed, adds what failed. */
    private int killAll(List<InetAddress> addresses, List<String> errors) {
        int killed = 0;
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
        return killed;
    }

    /** Gone once Xray lists none of the killed addresses for the user; Failed at the settle timeout. */
    private Result awaitOffline(String email, List<InetAddress> addresses, int killed) {
        Instant deadline = clock.instant().plus(settings.settleTimeout());
        Set<InetAddress> watched = Set.copyOf(addresses);
        while (true) {
            List<InetAddress> still;
            try {
                still = Targets.read(online, email, settings.allowList()).addresses().stream()
                        .filter(watched::contains)
                        .toList();
            } catch (RuntimeException e) {
                return new Failed(killed, CloseReport.readFailure(e));
            }
            if (still.isEmpty()) {
                return new Gone(killed);
            }
            if (!clock.instant().isBefore(deadline)) {
                return new Failed(
                        killed,
                        "Xray still lists " + Targets.render(still) + " online after "
                                + settings.settleTimeout().toMillis() + " ms");
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failed(killed, "interrupted while waiting for Xray to drop the sessions");
            }
        }
    }
}
