package com.atlassecure.bot.provisioning;

import java.time.Instant;

/**
 * One durable provisioning job. {@code deliverKey} sends the key to the customer when it succeeds; {@code
 * delayNotice} names the message sent once when the first attempt fails ("payment received, your key is on its way").
 */
public record OutboxJob(
        long id,
        long userId,
        JobKind kind,
        boolean deliverKey,
        String delayNotice,
        int attempts,
        Instant runAt,
        boolean customerTold,
        boolean adminsAlerted) {}
