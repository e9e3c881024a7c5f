package com.atlassecure.testkit.xray;

/** The outcome of {@code xray run -test -c FILE}: its exit code and combined output. */
public record ConfigCheck(int exitCode, String output) {

    /** True when xray accepted the config (exit code 0). */
    public boolean ok() {
        return exitCode == 0;
    }
}
