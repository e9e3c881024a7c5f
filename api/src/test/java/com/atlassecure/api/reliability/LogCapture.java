package com.atlassecure.api.reliability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** Captures every log line of this JVM while open, formatted with its arguments, for the secret scan. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogCapture() {
        setName("secret-scan");
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLoggerName().startsWith("com.atlassecure.api.reliability")) {
            return; // the tests' own report lines, not the product's
        }
        text.append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getFormattedMessage())
                .append('\n');
        if (event.getThrowableProxy() != null) {
            text.append(event.getThrowableProxy().getClassName())
                    .append(": ")
                    .append(event.getThrowableProxy().getMessage())
                    .append('\n');
        }
    }

    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
