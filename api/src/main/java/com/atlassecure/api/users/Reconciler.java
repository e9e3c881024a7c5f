package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the live users of the inbound equal to the store's active users: adds what is missing (with flow), replaces
 * what carries the wrong id or flow, removes what the store does not know. Runs at start, on a timer and after an
 * Xray restart. The live list is fetched and compared with the store outside the writer; the fixes then run in
 * chunks, each holding the ledger's turn between batches and re-checked against the view at that moment, so a user
 * change committed meanwhile is seen, not undone, and no change waits behind more than one chunk. Thread-safe.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** Users fixed per turn on the writer: small enough that a waiting user change is delayed by tens of ms. */
    static final int CHUNK = 256;
    /** gRPC calls in flight within a chunk: Xray's user map takes them concurrently. */
    private static final int PARALLEL = 8;

    private final UserLedger ledger;
    private final XrayControl xray;
    private final String inboundTag;
    private final Clock clock;
    private final Consumer<ReconcileReport> onReport;
    private final ThreadPoolExecutor pushers;
    private volatile ReconcileReport last;

    public Reconciler(
            UserLedger ledger, XrayControl xray, String inboundTag, Clock clock, Consumer<ReconcileReport> onReport) {
        this.ledger = ledger;
        this.xray = xray;
        this.inboundTag = inboundTag;
        this.clock = clock;
        this.onReport = onReport;
        // Idle threads end after a minute: a reconcile with work to do is rare, and the API's memory is budgeted.
        this.pushers =
                new ThreadPoolExecutor(PARALLEL, PARALLEL, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "reconcile-push");
                    t.setDaemon(true);
                    return t;
                });
        this.pushers.allowCoreThreadTimeOut(true);
    }

    /** The last report, or null before the first run. */
    public ReconcileReport last() {
        return last;
    }

    /** What the comparison found: store users to make live, and live emails the store has no active user for. */
    private record Diff(List<UserRecord> missing, List<String> unknown) {}

    /** What fixing one chunk did. */
    private record Fixed(int added, int replaced, int removed) {
        Fixed plus(Fixed o) {
            return new Fixed(added + o.added, replaced + o.replaced, removed + o.removed);
        }
    }

    public synchronized ReconcileReport reconcile(String reason) {
        ReconcileReport report;
        try {
            List<XrayUser> live = xray.listUsers(inboundTag);
            // Compared without taking the turn: every fix below re-checks its user under the turn, so a change
            // committed since the comparison is seen there. At 100k users the comparison takes tens of ms that no
            // user change has to wait for.
            Diff diff = diff(ledger.view(), live);
            Fixed total = new Fixed(0, 0, 0);
            for (int i = 0; i < diff.missing().size(); i += CHUNK) {
                List<UserRecord> chunk = diff.missing()
                        .subList(i, Math.min(i + CHUNK, diff.missing().size()));
                total = total.plus(UsersService.await(ledger.exclusive(view -> makeLive(view, chunk))));
            }
            for (int i = 0; i < diff.unknown().size(); i += CHUNK) {
                List<String> chunk = diff.unknown()
                        .subList(i, Math.min(i + CHUNK, diff.unknown().size()));
                total = total.plus(UsersService.await(ledger.exclusive(view -> removeUnknown(view, chunk))));
            }
            report =
                    new ReconcileReport(reason, clock.millis(), total.added(), total.removed(), total.replaced(), null);
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

    private static Diff diff(UserView view, List<XrayUser> live) {
        Map<String, XrayUser> liveByEmail = new HashMap<>(live.size() * 2);
        for (XrayUser u : live) {
            liveByEmail.put(u.email().toLowerCase(Locale.ROOT), u);
        }
        List<UserRecord> missing = new ArrayList<>();
        for (UserRecord r : view.activeInRenderOrder()) {
            XrayUser want = UserCommands.liveUser(r);
            XrayUser have = liveByEmail.remove(r.email().toLowerCase(Locale.ROOT));
            if (have == null || !have.sameAccount(want.id(), want.flow())) {
                missing.add(r);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (XrayUser u : liveByEmail.values()) {
            unknown.add(u.email());
        }
        return new Diff(missing, unknown);
    }

    /** On the writer: makes each user of the chunk that is still active live, several calls at a time. */
    private Fixed makeLive(UserView view, List<UserRecord> chunk) {
        List<Future<LiveOutcome>> calls = new ArrayList<>(chunk.size());
        for (UserRecord wanted : chunk) {
            Optional<UserRecord> now = view.byUuid(wanted.uuid());
            if (now.isPresent() && now.get().active()) {
                XrayUser user = UserCommands.liveUser(now.get());
                calls.add(pushers.submit(() -> LiveUsers.ensure(xray, inboundTag, user)));
            }
        }
        int added = 0;
        int replaced = 0;
        for (LiveOutcome outcome : results(calls)) {
            if (outcome == LiveOutcome.ADDED) {
                added++;
            } else if (outcome == LiveOutcome.REPLACED) {
                replaced++;
            }
        }
        return new Fixed(added, replaced, 0);
    }

    /** On the writer: removes each live email of the chunk that still has no active user in the store. */
    private Fixed removeUnknown(UserView view, List<String> chunk) {
        List<Future<LiveOutcome>> calls = new ArrayList<>(chunk.size());
        for (String email : chunk) {
            Optional<UserRecord> now = view.byEmail(email);
            if (now.isEmpty() || !now.get().active()) {
                calls.add(pushers.submit(() -> LiveUsers.remove(xray, inboundTag, email)));
            }
        }
        int removed = 0;
        for (LiveOutcome outcome : results(calls)) {
            if (outcome == LiveOutcome.REMOVED) {
                removed++;
            }
        }
        return new Fixed(0, 0, removed);
    }

    /** Waits for every call of a chunk (none is left running behind the writer), then reports the first failure. */
    private static List<LiveOutcome> results(List<Future<LiveOutcome>> calls) {
        List<LiveOutcome> outcomes = new ArrayList<>(calls.size());
        RuntimeException first = null;
        for (Future<LiveOutcome> call : calls) {
            try {
                outcomes.add(call.get());
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re
                            ? re
                            : new IllegalStateException("reconcile push failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reconciling", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return outcomes;
    }
}
