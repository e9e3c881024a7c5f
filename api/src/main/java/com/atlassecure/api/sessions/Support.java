package com.atlassecure.api.sessions;

/** Whether this host can close a customer's live TCP sessions, as proven by the start-up self-test. */
public enum Support {
    /** ss killed a loopback socket pair: CAP_NET_ADMIN, ss and kernel SOCK_DESTROY are all present. */
    SUPPORTED,
    /** The self-test failed; closes only detect and report sessions left open. */
    UNSUPPORTED
}
