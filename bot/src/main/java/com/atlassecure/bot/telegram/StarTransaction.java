package com.atlassecure.bot.telegram;

/**
 * One Stars transaction as Telegram books it. {@code id} equals the payment's {@code telegram_payment_charge_id};
 * {@code incoming} is a payment from {@code userId} for the invoice {@code payload}, otherwise it is money going out
 * (a refund) or a kind the shop does not sell. {@code userId} is 0 and {@code payload} null when not from a user.
 */
public record StarTransaction(String id, int amount, boolean incoming, long userId, String payload) {}
