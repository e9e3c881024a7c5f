package com.atlassecure.api.xray;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.xray.proto.stats.Stat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Xray's counter names, as QueryStats answers them, become one pair per user. */
class TrafficStatsTest {
    static Stat stat(String name, long value) {
        return Stat.newBuilder().setName(name).setValue(value).build();
    }

    @Test
    void pairsEachUsersUplinkAndDownlinkAndSkipsOtherCounters() {
        Map<String, UserTraffic> traffic = TrafficStats.byEmail(List.of(
                stat("user>>>user_1>>>traffic>>>uplink", 10),
                stat("user>>>user_1>>>traffic>>>downlink", 200),
                stat("user>>>user_2>>>traffic>>>downlink", 7),
                stat("user>>>user_3>>>online", 1),
                stat("inbound>>>vless-in>>>traffic>>>uplink", 999)));

        assertThat(traffic)
                .containsOnlyKeys("user_1", "user_2")
                .containsEntry("user_1", new UserTraffic(10, 200))
                .containsEntry("user_2", new UserTraffic(0, 7));
    }
}
