package com.atlassecure.api.xray;

/** Per-user byte counters from Xray's StatsService; zero when Xray has not created the counter yet. */
public record UserTraffic(long uplinkBytes, long downlinkBytes) {}
