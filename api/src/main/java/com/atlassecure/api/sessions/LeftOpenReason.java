package com.atlassecure.api.sessions;

/** Why a close left a removed user's sessions open: the tag of the left-open counter and the alert's event name. */
enum LeftOpenReason {
    /** The start-up self-test found no way to kill sockets here; the close only detected the sessions. */
    UNSUPPORTED("unsupported", "session_close_unsupported"),
    /** Killing, verifying or reading Xray's online map failed, also on the retry. */
    FAILED("failed", "session_close_failed");

    /** The {@code reason} tag of {@code atlas_sessions_left_open_total}. */
    final String tag;
    /** The {@code event=} of the alert line. */
    final String event;

    LeftOpenReason(String tag, String event) {
        this.tag = tag;
        this.event = event;
    }
}
