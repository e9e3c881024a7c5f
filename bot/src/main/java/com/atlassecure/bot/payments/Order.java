package com.atlassecure.bot.payments;

import java.time.Instant;

/** An invoice we sent; its id is the invoice payload Telegram echoes back in pre-checkout and payment. */
public record Order(
        String id, long userId, String planId, int days, int amountStars, Instant createdAt, Instant paidAt) {}
