package com.atlassecure.bot.payments;

import java.time.Instant;

/** A Stars payment as Telegram reported it; {@code telegramChargeId} is unique across all payments. */
public record Payment(
        String telegramChargeId,
        String providerChargeId,
        String orderId,
        long userId,
        int amountStars,
        String currency,
        int days,
        Instant paidAt,
        Instant refundedAt) {}
