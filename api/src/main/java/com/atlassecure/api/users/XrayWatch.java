package com.atlassecure.api.users;

import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that Xray's users drifted from the store and reconciles, because a restarted Xray holds only the users of
 * its config file. Three signals: Xray's start time (now - uptime) moved forward; Xray answered again after being
 * unreachable; or the live count differs from the store's active count. The counts are compared on the ledger's
 * writer thread between batches, where no live change is in flight: compared from outside, a removal that is live
 * but not yet committed looked like lost users and set off a full reconcile (a 1 s stall at 100k users). Called
 * periodically from one scheduler thread; not thread-safe.
 */
public final class XrayWatch {
    private static final Logger log = LoggerFactory.getLogger(XrayWatch.class);

    private final XrayControl xray;
    private final String inboundTag;
    private final UserLedger ledger;
    private final Reconciler reconciler;
    // Comparing start times, not uptimes, also catches a restart between two polls of a young process.
    private long lastStartSeconds = -1;
    private boolean wasReachable = true;

    public XrayWatch(XrayControl xray, String inboundTag, UserLedger ledger, Reconciler reconciler) {
        this.xray = xray;
        this.inboundTag = inboundTag;
        this.ledger = ledger;
        this.reconciler = reconciler;
    }

    private record Counts(long live, long stored) {}

    public void poll() {
        long uptime;
        Counts counts;
        try {
            uptime = xray.uptimeSeconds();
            counts = UsersService.await(
                    ledger.exclusive(view -> new Counts(xray.countUsers(inboundTag), view.activeCount())));
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
        wasReachable = true;
        lastStartSeconds = startSeconds;
        String reason = restarted || cameBack
                ? "xray_restart"
                : counts.live() < counts.stored()
                        ? "live_deficit"
                        : counts.live() > counts.stored() ? "live_surplus" : null;
        if (reason != null) {
            log.info(
                    "event=xray_users_drifted reason={} uptime_s={} live={} stored={}",
                    reason,
                    uptime,
                    counts.live(),
                    counts.stored());
            reconciler.reconcile(reason);
        }
    }
}
