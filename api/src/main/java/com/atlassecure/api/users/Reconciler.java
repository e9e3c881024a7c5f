package com.atlassecure.api.users;

import com.atlassecure.api.store.LiveOutcome;
import com.atlassecure.api.store.LiveUsers;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserStore;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUser;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the live users of the inbound equal to the store's active users: adds what is missing (with flow), replaces
 * what carries the wrong id or flow, removes what the store does not know. Runs at start, on a timer and after an
 * Xray restart. The live list is fetched outside the writer; the fixes run on the writer thread, so a user change
 * committed meanwhile is seen, not undone. Thread-safe.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final UserStore store;
    private final XrayControl xray;
    private final String inboundTag;
    private final Clock clock;
    private final Consumer<ReconcileReport> onReport;
    private volatile ReconcileReport last;

    public Reconciler(
            UserStore store, XrayControl xray, String inboundTag, Clock clock, Consumer<ReconcileReport> onReport) {
        this.store = store;
        this.xray = xray;
        this.inboundTag = inboundTag;
        this.clock = clock;
        this.onReport = onReport;
    }

    /** The last report, or null before the first run. */
    public ReconcileReport last() {
        return last;
    }

    public synchronized ReconcileReport reconcile(String reason) {
        ReconcileReport report;
        try {
            List<XrayUser> live = xray.listUsers(inboundTag);
            report = UsersService.await(store.exclusive(view -> {
                Map<String, XrayUser> liveByEmail = new HashMap<>();
                for (XrayUser u : live) {
                    liveByEmail.put(u.email().toLowerCase(Locale.ROOT), u);
                }
                int added = 0;
                int replaced = 0;
                int removed = 0;
                for (UserRecord r : view.active()) {
                    XrayUser want = UserCommands.liveUser(r);
                    XrayUser have = liveByEmail.remove(r.email().toLowerCase(Locale.ROOT));
                    if (have != null && have.sameAccount(want.id(), want.flow())) {
                        continue;
                    }
                    LiveOutcome outcome = LiveUsers.ensure(xray, inboundTag, want);
                    if (outcome == LiveOutcome.ADDED) {
                        added++;
                    } else if (outcome == LiveOutcome.REPLACED) {
                        replaced++;
                    }
                }
                for (XrayUser unknown : liveByEmail.values()) {
                    Optional<UserRecord> now = view.byEmail(unknown.email());
                    if (now.isPresent() && now.get().active()) {
                        continue; // committed after the live list was taken
                    }
                    if (LiveUsers.remove(xray, inboundTag, unknown.email()) == LiveOutcome.REMOVED) {
                        removed++;
                    }
                }
                return new ReconcileReport(reason, clock.millis(), added, removed, replaced, null);
            }));
        } catch (XrayException e) {
            report = new ReconcileReport(reason, clock.millis(), 0, 0, 0, e.getMessage());
        }
        last = report;
        if (report.ok()) {
            log.info(
                    "event=reconciled reason={} added={} removed={} replaced={}",
                    reason,
                    report.added(),
                    report.removed(),
                    report.replaced());
        } else {
            log.error("event=reconcile_failed reason={} error={}", reason, report.error());
        }
        onReport.accept(report);
        return report;
    }
}
