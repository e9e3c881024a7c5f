package com.atlassecure.api.xray;

import com.atlassecure.xray.proto.stats.Stat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads Xray's per-user traffic counters ({@code user>>>EMAIL>>>traffic>>>uplink|downlink}) into pairs by email. */
final class TrafficStats {
    static final String USER_PREFIX = "user>>>";
    private static final String TRAFFIC = ">>>traffic>>>";

    private TrafficStats() {}

    static Map<String, UserTraffic> byEmail(List<Stat> stats) {
        Map<String, long[]> bytes = new HashMap<>();
        for (Stat stat : stats) {
            // An email never contains ">>>": the API writes every email itself. Online counters are skipped.
            String name = stat.getName();
            int end = name.indexOf(TRAFFIC, USER_PREFIX.length());
            if (!name.startsWith(USER_PREFIX) || end < 0) {
                continue;
            }
            long[] pair = bytes.computeIfAbsent(name.substring(USER_PREFIX.length(), end), e -> new long[2]);
            if (name.endsWith(">>>uplink")) {
                pair[0] = stat.getValue();
            } else if (name.endsWith(">>>downlink")) {
                pair[1] = stat.getValue();
            }
        }
        Map<String, UserTraffic> traffic = new HashMap<>();
        bytes.forEach((email, pair) -> traffic.put(email, new UserTraffic(pair[0], pair[1])));
        return traffic;
    }
}
