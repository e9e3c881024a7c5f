package com.atlassecure.api.sessions;

import java.time.Duration;

/** Waiting between polls of Xray's online list; tests substitute one that moves a clock instead. */
interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper threadSleep() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
