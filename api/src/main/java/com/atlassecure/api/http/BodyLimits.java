package com.atlassecure.api.http;

/**
 * The body size each route accepts. Every route takes {@code API_MAX_BODY_BYTES} (16 KiB by default), which a single
 * change never comes near; {@code POST /users/batch} takes 256 KiB, enough for 1,000 items of about 120 bytes with
 * room for whitespace, so a full batch is never refused for its size alone.
 */
final class BodyLimits {
    static final String BATCH_PATH = "/users/batch";
    static final int BATCH_BYTES = 256 * 1024;

    private BodyLimits() {}

    static int forPath(String path, int configured) {
        return BATCH_PATH.equals(path) ? Math.max(configured, BATCH_BYTES) : configured;
    }

    /** What the HTTP server must let through before a route applies its own limit. */
    static int largest(int configured) {
        return Math.max(configured, BATCH_BYTES);
    }
}
