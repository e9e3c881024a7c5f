package com.atlassecure.bot.payments;

import java.time.Instant;

/**
 * An invoice we sent; its id is the invoice payload Telegram echoes back in pre-checkout and payment. {@code
 * deviceLimit} is how many devices the plan allowed when it was sold (null: the plan named none).
 */
public record Order(
        String id,
        long userId,
        String planId,
        int days,
        int amountStars,
        Instant createdAt,
        Instant paidAt,
        Integer deviceLimit) {

    public Order(String id, long userId, String planId, int days, int amountStars, Instant createdAt, Instant paidAt) {
        this(id, userId, planId, days, amountStars, createdAt, paidAt, null);
    }
}
