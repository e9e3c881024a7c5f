package com.atlassecure.bot.provisioning;

import java.time.Instant;

/**
 * One durable provisioning job for one customer on one node. {@code changeId} is the id of the first job of the change
 * that wrote it (a payment writes one job per node, all with the same change): the customer hears about a change once,
 * whichever node answers first. {@code deliverKey} sends the key when the change first succeeds; {@code delayNotice}
 * names the message sent once when it fails before any node answered ("payment received, your key is on its way").
 */
public record OutboxJob(
        long id,
        long userId,
        String node,
        long changeId,
        JobKind kind,
        boolean deliverKey,
        String delayNotice,
        int attempts,
        Instant runAt,
        boolean customerTold,
        boolean adminsAlerted) {}
