package com.atlassecure.api.users;

import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that Xray lost users and reconciles, because a restarted Xray holds only the users of its config file.
 * Three signals: Xray's start time (now - uptime) moved forward; Xray answered again after being unreachable; or
 * fewer users are live than the store has active, on two polls in a row (one poll could land inside a removal
 * that is live but not yet committed). Called periodically from one scheduler thread; not thread-safe.
 */
public final class XrayWatch {
    private static final Logger log = LoggerFactory.getLogger(XrayWatch.class);

    private final XrayControl xray;
    private final String inboundTag;
    private final LongSupplier storeActive;
    private final Reconciler reconciler;
    // Comparing start times, not uptimes, also catches a restart between two polls of a young process.
    private long lastStartSeconds = -1;
    private boolean wasReachable = true;
    private boolean deficitLastPoll;

    public XrayWatch(XrayControl xray, String inboundTag, LongSupplier storeActive, Reconciler reconciler) {
        this.xray = xray;
        this.inboundTag = inboundTag;
        this.storeActive = storeActive;
        this.reconciler = reconciler;
    }

    public void poll() {
        long uptime;
        long live;
        try {
            uptime = xray.uptimeSeconds();
            live = xray.countUsers(inboundTag);
        } catch (XrayException e) {
            if (wasReachable) {
                log.warn("event=xray_unreachable error={}", e.getMessage());
            }
            wasReachable = false;
            return;
        }
        long startSeconds = System.currentTimeMillis() / 1000 - uptime;
        // 2 s of slack: uptime is whole seconds and the two readings are not taken at the same instant.
        boolean restarted = lastStartSeconds >= 0 && startSeconds > lastStartSeconds + 2;
        boolean cameBack = !wasReachable;
        boolean deficit = live < storeActive.getAsLong();
        String reason = restarted || cameBack ? "xray_restart" : deficit && deficitLastPoll ? "live_deficit" : null;
        wasReachable = true;
        lastStartSeconds = startSeconds;
        deficitLastPoll = deficit;
        if (reason != null) {
            log.info("event=xray_users_lost reason={} uptime_s={} live={}", reason, uptime, live);
            reconciler.reconcile(reason);
            deficitLastPoll = false;
        }
    }
}
