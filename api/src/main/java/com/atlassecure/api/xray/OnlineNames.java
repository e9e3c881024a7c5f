package com.atlassecure.api.xray;

import java.util.Optional;

/** The stats name of a user's online map, {@code user>>>EMAIL>>>online}, both ways; the only place it is spelled. */
final class OnlineNames {
    private static final String PREFIX = "user>>>";
    private static final String SUFFIX = ">>>online";

    private OnlineNames() {}

    static String of(String email) {
        return PREFIX + email + SUFFIX;
    }

    /** The email inside a name from GetAllOnlineUsers, or empty when the name is not a user's online map. */
    static Optional<String> emailOf(String name) {
        if (name == null
                || !name.startsWith(PREFIX)
                || !name.endsWith(SUFFIX)
                || name.length() <= PREFIX.length() + SUFFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }
}
