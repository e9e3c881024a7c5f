package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconcile pushes what Xray lost in chunks, between which user changes go ahead instead of waiting for all. */
class ReconcilerTest {
    private static final String TAG = "vless-reality";
    private static final long EXPIRY = 2_000_000_000_000L;
    private static final String LATE_UUID = "99999999-9999-4999-8999-999999999999";

    private static List<UserRecord> users(int n) {
        List<UserRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String uuid = String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", i, i);
            out.add(new UserRecord(uuid, 1_000L + i, "user_" + (1_000 + i), EXPIRY, UserState.active, i, i));
        }
        return out;
    }

    @Test
    void pushesEveryMissingUserAndRemovesUnknownOnesAcrossSeveralChunks(@TempDir Path dir) {
        FakeXrayControl xray = new FakeXrayControl();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        int n = 3 * Reconciler.CHUNK + 5;
        try (UserLedger store = UserLedger.open(dir, xray, TAG)) {
            store.importRows(users(n)).join();
            xray.putBehindTheBack(new XrayUser("22222222-2222-4222-8222-222222222222", "intruder", "", 0));
            Reconciler reconciler = new Reconciler(store, xray, TAG, clock, r -> {});

            ReconcileReport report = reconciler.reconcile("test");

            assertThat(report.ok()).isTrue();
            assertThat(report.added()).isEqualTo(n);
            assertThat(report.removed()).isEqualTo(1);
            assertThat(xray.size()).isEqualTo(n);
            assertThat(xray.live("user_1000").orElseThrow().flow()).isEqualTo("xtls-rprx-vision");
            assertThat(reconciler.reconcile("again").drift())
                    .as("nothing left to fix")
                    .isZero();
        }
    }

    @Test
    void aUserChangeQueuedDuringTheFirstChunkCompletesBeforeTheSecondChunkStarts(@TempDir Path dir) {
        FakeXrayControl xray = new FakeXrayControl();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        List<UserRecord> missing = users(2 * Reconciler.CHUNK);
        try (UserLedger store = UserLedger.open(dir, xray, TAG)) {
            store.importRows(missing).join();
            AtomicReference<CompletableFuture<UserRecord>> lateChange = new AtomicReference<>();
            AtomicReference<Boolean> doneWhenSecondChunkStarted = new AtomicReference<>();
            String firstOfSecondChunk = missing.get(Reconciler.CHUNK).email();
            xray.beforeAdd = user -> {
                if (user.email().equals("user_1000")) {
                    // Queued while the first chunk holds the writer, as a bot request would be.
                    lateChange.set(store.submit(view ->
                            UserCommands.add(view, LATE_UUID, 99L, EXPIRY, clock.millis(), Long.MAX_VALUE, r -> r)));
                } else if (user.email().equals(firstOfSecondChunk)) {
                    doneWhenSecondChunkStarted.set(lateChange.get().isDone());
                }
            };

            ReconcileReport report = new Reconciler(store, xray, TAG, clock, r -> {}).reconcile("test");

            assertThat(report.added()).isEqualTo(2 * Reconciler.CHUNK);
            assertThat(doneWhenSecondChunkStarted.get())
                    .as("the user change ran between chunks, not after the whole reconcile")
                    .isTrue();
            assertThat(lateChange.get().join().email()).isEqualTo("user_99");
            assertThat(xray.live("user_99")).isPresent();
        }
    }
}
