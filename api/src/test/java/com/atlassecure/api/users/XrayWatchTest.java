package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Xray's users drift from the store (lost, added behind the API's back, or gone with a restart), the watch
 * reconciles; counts are compared between batches, so they are never read mid-change.
 */
class XrayWatchTest {
    private static final String TAG = "vless-reality";
    private static final String U1 = "11111111-1111-4111-8111-111111111111";

    @Test
    void aDeficitASurplusAndAComebackAfterAnOutageEachReconcile(@TempDir Path dir) {
        FakeXrayControl xray = new FakeXrayControl();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        List<ReconcileReport> reports = new ArrayList<>();
        try (UserLedger store = UserLedger.open(dir, xray, TAG)) {
            UsersService users = new UsersService(
                    store,
                    xray,
                    new LinkParameters("h", 1, "s", "p", "", "chrome", "r"),
                    clock,
                    RemovalListener.NONE,
                    UsersServiceTest.LIMITS,
                    new SweepGuard(clock, clock::monotonicNanos, 100));
            users.addUser(new AddUserRequest(1, U1, clock.millis() + 86_400_000L));
            Reconciler reconciler = new Reconciler(store, xray, TAG, clock, reports::add);
            XrayWatch watch = new XrayWatch(xray, TAG, store, reconciler);
            watch.poll();
            assertThat(reports).as("live equals the store: nothing to do").isEmpty();

            xray.removeUser(TAG, "user_1");
            watch.poll();
            assertThat(reports).extracting(ReconcileReport::reason).containsExactly("live_deficit");
            assertThat(xray.live("user_1")).isPresent();

            xray.addUser(TAG, new XrayUser("22222222-2222-4222-8222-222222222222", "intruder", "", 0));
            watch.poll();
            assertThat(reports).extracting(ReconcileReport::reason).containsExactly("live_deficit", "live_surplus");
            assertThat(xray.live("intruder"))
                    .as("a user the store does not know is removed")
                    .isEmpty();

            xray.unavailable = true;
            watch.poll();
            xray.unavailable = false;
            watch.poll();
            assertThat(reports)
                    .extracting(ReconcileReport::reason)
                    .containsExactly("live_deficit", "live_surplus", "xray_restart");
            watch.poll();
            assertThat(reports).as("back in step: no further reconcile").hasSize(3);
        }
    }
}
