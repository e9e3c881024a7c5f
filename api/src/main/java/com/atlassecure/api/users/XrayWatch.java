package com.atlassecure.api.users;

import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices an Xray restart (its uptime went down, or it came back after being unreachable) and reconciles, because
 * a restarted Xray holds only the users of its config file. Called periodically; not thread-safe (one scheduler).
 */
public final class XrayWatch {
    private static final Logger log = LoggerFactory.getLogger(XrayWatch.class);

    private final XrayControl xray;
    private final Reconciler reconciler;
    // Xray's start time as seen from here (now - uptime). Comparing start times, not uptimes, also catches a restart
    // that happened between two polls of a young process (uptime 3 s, restart, uptime 4 s).
    private long lastStartSeconds = -1;
    private boolean wasReachable = true;

    public XrayWatch(XrayControl xray, Reconciler reconciler) {
        this.xray = xray;
        this.reconciler = reconciler;
    }

    public void poll() {
        long uptime;
        try {
            uptime = xray.uptimeSeconds();
        } catch (XrayException e) {
            if (wasReachable) {
                log.warn("event=xray_unreachable error={}", e.getMessage());
            }
            wasReachable = false;
            return;
        }
        long startSeconds = System.currentTimeMillis() / 1000 - uptime;
        // 2 s of slack: uptime is whole seconds and the two readings are not taken at the same instant.
        boolean restarted = !wasReachable || (lastStartSeconds >= 0 && startSeconds > lastStartSeconds + 2);
        wasReachable = true;
        lastStartSeconds = startSeconds;
        if (restarted) {
            log.info("event=xray_restart_detected uptime_s={}", uptime);
            reconciler.reconcile("xray_restart");
        }
    }
}
