package com.atlassecure.api.xray;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** On an Xray that answers one user at a time, a read stays within its calls and still sees every change in time. */
class PerUserOnlineReadsTest {
    private final List<String> online = new ArrayList<>();
    private final Map<String, Map<String, Long>> ips = new HashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final PerUserOnlineReads reads = new PerUserOnlineReads(
            () -> List.copyOf(online),
            email -> {
                calls.incrementAndGet();
                return ips.getOrDefault(email, Map.of());
            },
            500);

    private void online(String email, String... addresses) {
        if (!online.contains(email)) {
            online.add(email);
        }
        Map<String, Long> map = new HashMap<>();
        for (String address : addresses) {
            map.put(address, 1L);
        }
        ips.put(email, map);
    }

    @Test
    void aReadNeverMakesMoreCallsThanItsBudgetAndCoversEveryoneInTurn() {
        for (int i = 0; i < 1200; i++) {
            online("user_" + i, "10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(reads.read()).hasSize(500);
        assertThat(calls.get()).isEqualTo(500);
        assertThat(reads.read()).hasSize(1000);
        assertThat(reads.read()).hasSize(1200);
        assertThat(calls.get())
                .as("the third read spends what the 200 new users left on the oldest reads")
                .isEqualTo(1500);

        online("user_7", "10.0.0.7", "10.9.9.9"); // a second device of a user who stayed online
        int readsUntilSeen = 0;
        while (!reads.read().get("user_7").containsKey("10.9.9.9")) {
            readsUntilSeen++;
        }
        assertThat(readsUntilSeen).as("within 1200 / 500 reads").isLessThanOrEqualTo(3);
        assertThat(calls.get() - 1500).isLessThanOrEqualTo(500 * (readsUntilSeen + 1));
    }

    @Test
    void aUserWhoJustCameOnlineIsReadFirstAndOneWhoLeftIsGoneAtOnce() {
        for (int i = 0; i < 1200; i++) {
            online("user_" + i, "10.1.0." + (i % 250));
        }
        reads.read();
        reads.read();
        reads.read();
        online("newcomer", "10.2.0.1", "10.2.0.2");
        online.remove("user_0");

        Map<String, Map<String, Long>> seen = reads.read();

        assertThat(seen.get("newcomer")).containsOnlyKeys("10.2.0.1", "10.2.0.2");
        assertThat(seen).doesNotContainKey("user_0");
    }
}
