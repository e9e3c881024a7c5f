package com.atlassecure.bot.payments;

import java.time.Instant;

/**
 * A customer's monthly Telegram Stars subscription: {@code chargeId} is its first payment's charge id, which names it
 * to Telegram (null while only a renewal has arrived); {@code active} false means cancelled (it runs to {@code
 * expiresAt} and stops).
 */
public record StarSubscription(
        long userId, String orderId, String chargeId, boolean active, Instant expiresAt, Instant lapseToldAt) {

    /** Telegram will charge again at {@code expiresAt}. */
    public boolean renewsAt(Instant now) {
        return active && expiresAt.isAfter(now);
    }

    /** Cancelled, with paid time left that a resume would keep renewing. */
    public boolean cancelledWithTimeLeft(Instant now) {
        return !active && expiresAt.isAfter(now);
    }
}
