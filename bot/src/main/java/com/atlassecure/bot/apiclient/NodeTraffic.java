package com.atlassecure.bot.apiclient;

import java.util.Map;

/** A node's per-user traffic counters in one call ({@code GET /users/traffic}), for subscription headers. */
public interface NodeTraffic {
    /** Bytes per uuid as {@code {uplink, downlink}}; users without counters are absent. */
    Map<String, long[]> traffic();
}
