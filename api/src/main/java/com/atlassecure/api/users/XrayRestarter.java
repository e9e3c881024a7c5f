package com.atlassecure.api.users;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts Xray through the operator's command (default {@code systemctl restart xray}) with a timeout and one
 * retry, then reconciles. Only for changes to the inbound itself: user changes never restart Xray.
 */
public final class XrayRestarter {
    private static final Logger log = LoggerFactory.getLogger(XrayRestarter.class);

    /** The restart command failed twice; the message carries both attempts' results. */
    public static final class RestartFailedException extends RuntimeException {
        RestartFailedException(String message) {
            super(message);
        }
    }

    private final List<String> command;
    private final Duration timeout;
    private final Runnable afterRestart;

    public XrayRestarter(List<String> command, Duration timeout, Runnable afterRestart) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.afterRestart = afterRestart;
    }

    public void restart(String reason) {
        String first = attempt();
        if (first != null) {
            log.warn("event=xray_restart_retry reason={} first_attempt={}", reason, first);
            String second = attempt();
            if (second != null) {
                throw new RestartFailedException(
                        "XRAY_RESTART_COMMAND=" + command + " failed twice: " + first + "; " + second);
            }
        }
        log.info("event=xray_restarted reason={} command={}", reason, command);
        afterRestart.run();
    }

    /** Null on success, else what went wrong. */
    private String attempt() {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "timed out after " + timeout.toMillis() + " ms (XRAY_RESTART_TIMEOUT)";
            }
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readNBytes(2048), StandardCharsets.UTF_8).strip();
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + (output.isEmpty() ? "" : ": " + output);
        } catch (IOException e) {
            return "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
