package com.atlassecure.api.sessions;

import java.time.Duration;
import java.util.List;

/**
 * What closing one user's sessions did.
 *
 * @param targetedIps the customer IPs whose sockets to the inbound port were (to be) killed
 * @param allowListedIps online IPs left alone because they are on the admin allow-list
 * @param socketsClosed sockets ss reported as destroyed, over all attempts
 * @param attempts 0 when nothing was tried (not online, or unsupported), else 1 or 2
 * @param detail why sessions were left open; empty otherwise
 */
public record CloseOutcome(
        String email,
        Status status,
        List<String> targetedIps,
        List<String> allowListedIps,
        int socketsClosed,
        int attempts,
        Duration took,
        String detail) {

    /** The verdict. Only LEFT_OPEN means a removed customer may still be moving bytes. */
    public enum Status {
        /** Xray listed no IP for the user: nothing to close. */
        NOT_ONLINE,
        /** The user was online only from allow-listed IPs, which are never touched. */
        ONLY_ALLOW_LISTED,
        /**
         * The user was online only from addresses another active customer also uses (CGNAT, a relay): nothing was
         * killed, so the neighbour is not reset; Xray refuses the removed user's new handshakes.
         */
        ONLY_SHARED,
        /** Every non-allow-listed session was killed and Xray no longer lists those IPs. */
        CLOSED,
        /** Sessions may remain: an alert was logged and the left-open counter incremented. */
        LEFT_OPEN
    }

    public CloseOutcome {
        targetedIps = List.copyOf(targetedIps);
        allowListedIps = List.copyOf(allowListedIps);
    }

    public boolean leftOpen() {
        return status == Status.LEFT_OPEN;
    }
}
