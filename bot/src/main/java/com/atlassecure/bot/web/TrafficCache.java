package com.atlassecure.bot.web;

import com.atlassecure.bot.apiclient.NodeTraffic;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node's per-user byte counters, read with one call per node on a timer ({@link #REFRESH_EVERY}) so that a
 * subscription fetch never waits on a node. A node that does not answer keeps its last counters. A fetch sums one
 * customer's counters over the nodes.
 */
final class TrafficCache {
    /** The bound: node traffic is read at most once a minute. */
    static final java.time.Duration REFRESH_EVERY = java.time.Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(TrafficCache.class);
    private static final long[] NONE = {0, 0};

    private final Map<String, ? extends NodeTraffic> nodes;
    private final Map<String, Map<String, long[]>> counters = new ConcurrentHashMap<>();

    TrafficCache(Map<String, ? extends NodeTraffic> nodes) {
        this.nodes = Map.copyOf(nodes);
    }

    /** Reads every node once; returns how many answered. */
    int refresh() {
        int answered = 0;
        for (Map.Entry<String, ? extends NodeTraffic> node : nodes.entrySet()) {
            try {
                counters.put(node.getKey(), Map.copyOf(node.getValue().traffic()));
                answered++;
            } catch (RuntimeException e) {
                log.warn(
                        "event=traffic_read_failed node={} error={}",
                        node.getKey(),
                        e.getClass().getSimpleName());
            }
        }
        return answered;
    }

    /** {@code {upload, download}} bytes of {@code uuid}, summed over the nodes; zeros when unknown. */
    long[] total(String uuid) {
        if (uuid == null) {
            return NONE.clone();
        }
        String key = uuid.toLowerCase(Locale.ROOT);
        long up = 0;
        long down = 0;
        for (Map<String, long[]> node : counters.values()) {
            long[] bytes = node.get(key);
            if (bytes != null) {
                up += bytes[0];
                down += bytes[1];
            }
        }
        return new long[] {up, down};
    }
}
