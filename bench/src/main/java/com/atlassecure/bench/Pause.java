package com.atlassecure.bench;

/** Sleeps that turn an interrupt into a failure of the run, since a benchmark cut short measures nothing. */
final class Pause {
    private Pause() {}

    static void ms(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
