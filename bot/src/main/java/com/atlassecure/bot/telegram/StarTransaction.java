package com.atlassecure.bot.telegram;

/**
 * One Stars transaction as Telegram books it. {@code id} equals the payment's {@code telegram_payment_charge_id};
 * {@code incoming} is a payment from {@code userId} for the invoice {@code payload}; otherwise it is money going out,
 * to {@code userId} when it went back to a user (a refund of the charge {@code id}). {@code userId} is 0 and {@code
 * payload} null when no user is the other side.
 */
public record StarTransaction(String id, int amount, boolean incoming, long userId, String payload) {}
