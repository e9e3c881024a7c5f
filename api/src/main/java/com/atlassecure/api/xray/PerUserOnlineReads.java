package com.atlassecure.api.xray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every online user's addresses on an Xray without {@code GetUsersStats} (26.3.27), where they cost one gRPC call per
 * user: about 60 µs of the API's CPU each (OnlineReadBench), so 600 ms for 10,000 users, twelve times the device
 * limit's budget per pass. A read therefore lists who is online (one call), reads every user who just came online,
 * and spends the rest of at most {@code callsPerRead} calls on the users read longest ago; the others keep their last
 * known addresses. A second device of a user who stays online is seen within {@code online / callsPerRead} reads.
 * Not thread-safe: one pass reads at a time.
 */
final class PerUserOnlineReads {
    private record Known(Map<String, Long> ips, long readAt) {}

    private final Supplier<List<String>> onlineEmails;
    private final Function<String, Map<String, Long>> ipsOf;
    private final int callsPerRead;
    private final Map<String, Known> known = new HashMap<>();
    private long reads;

    PerUserOnlineReads(
            Supplier<List<String>> onlineEmails, Function<String, Map<String, Long>> ipsOf, int callsPerRead) {
        this.onlineEmails = onlineEmails;
        this.ipsOf = ipsOf;
        this.callsPerRead = callsPerRead;
    }

    Map<String, Map<String, Long>> read() {
        long now = ++reads;
        Set<String> online = new HashSet<>(onlineEmails.get());
        known.keySet().retainAll(online);
        List<String> due = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (String email : online) {
            (known.containsKey(email) ? stale : due).add(email);
        }
        stale.sort(Comparator.comparingLong(email -> known.get(email).readAt()));
        due.addAll(stale);
        for (String email : due.subList(0, Math.min(callsPerRead, due.size()))) {
            known.put(email, new Known(ipsOf.apply(email), now));
        }
        Map<String, Map<String, Long>> byUser = new HashMap<>(known.size() * 2);
        known.forEach((email, k) -> {
            if (!k.ips().isEmpty()) {
                byUser.put(email, k.ips());
            }
        });
        return byUser;
    }
}
