package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.store.UserStore;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.support.MutableClock;
import com.atlassecure.contract.users.AddUserRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When Xray loses users, the watch reconciles them back; a single short-lived deficit does not trigger it. */
class XrayWatchTest {
    private static final String TAG = "vless-reality";
    private static final String U1 = "11111111-1111-4111-8111-111111111111";

    @Test
    void aDeficitOnTwoPollsAndAComebackAfterAnOutageBothReconcile(@TempDir Path dir) {
        FakeXrayControl xray = new FakeXrayControl();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        List<ReconcileReport> reports = new ArrayList<>();
        try (UserStore store = UserStore.open(dir, xray, TAG)) {
            UsersService users = new UsersService(
                    store, xray, new LinkParameters("h", 1, "s", "p", "", "chrome", "r"), clock, RemovalListener.NONE);
            users.addUser(new AddUserRequest(1, U1, clock.millis() + 86_400_000L));
            Reconciler reconciler = new Reconciler(store, xray, TAG, clock, reports::add);
            XrayWatch watch = new XrayWatch(xray, TAG, store.view()::activeCount, reconciler);
            watch.poll();

            xray.removeUser(TAG, "user_1");
            watch.poll();
            assertThat(reports).as("one poll with a deficit is not enough").isEmpty();
            watch.poll();
            assertThat(reports).extracting(ReconcileReport::reason).containsExactly("live_deficit");
            assertThat(xray.live("user_1")).isPresent();

            xray.unavailable = true;
            watch.poll();
            xray.unavailable = false;
            watch.poll();
            assertThat(reports).extracting(ReconcileReport::reason).containsExactly("live_deficit", "xray_restart");
        }
    }
}
