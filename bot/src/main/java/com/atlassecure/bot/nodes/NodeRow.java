package com.atlassecure.bot.nodes;

import java.time.Instant;

/**
 * A node as the bot last saw it; {@code users} and {@code drift} are null until a drift check has run, {@code
 * drainedAt} unless it is draining.
 */
public record NodeRow(
        String name,
        String country,
        String url,
        String health,
        int failures,
        Instant changedAt,
        Long users,
        Long drift,
        String state,
        Instant drainedAt) {}
