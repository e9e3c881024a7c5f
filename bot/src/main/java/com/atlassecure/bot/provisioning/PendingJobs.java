package com.atlassecure.bot.provisioning;

import java.time.Instant;

/** The jobs waiting for one node: how many, and since when the oldest of them waits. */
public record PendingJobs(long count, Instant oldestSince) {}
