package com.atlassecure.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines of the harness on stdout, prefixed with the wall-clock time. */
final class Log {
    private Log() {}

    static void line(String format, Object... args) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " bench " + String.format(format, args));
        System.out.flush();
    }
}
