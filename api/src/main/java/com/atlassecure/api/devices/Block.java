package com.atlassecure.api.devices;

/**
 * One address of one user kept out until {@code untilMs}. The rule tag names both, so that a restart of the API or of
 * Xray can tell its own rules apart from the operator's and put back exactly what is missing.
 */
record Block(String email, String ip, long blockedMs, long untilMs) {
    static final String TAG_PREFIX = "atlas-device|";

    String ruleTag() {
        return TAG_PREFIX + email + "|" + ip;
    }

    static boolean ours(String ruleTag) {
        return ruleTag.startsWith(TAG_PREFIX);
    }
}
