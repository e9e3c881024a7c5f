package com.atlassecure.e2e;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * A logback appender (wired in logback-test.xml) that keeps every event logged in the test JVM: the in-process bot's
 * logs above all, with their stack traces, at the levels the bot's production logback.xml sets. The journey scans
 * them for secrets. Thread-safe.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
    private static final List<String> LINES = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel())
                .append(' ')
                .append(event.getThreadName())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        synchronized (LINES) {
            LINES.add(line.toString());
        }
    }

    /** Forgets what was captured, at the start of a run. */
    static void clear() {
        synchronized (LINES) {
            LINES.clear();
        }
    }

    /** Everything captured since the last {@link #clear()}, one event per line (stack traces follow their line). */
    static String text() {
        synchronized (LINES) {
            return String.join("\n", LINES);
        }
    }

    static int count() {
        synchronized (LINES) {
            return LINES.size();
        }
    }
}
