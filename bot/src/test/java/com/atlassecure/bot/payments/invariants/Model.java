package com.atlassecure.bot.payments.invariants;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one customer's schedule should have done, kept beside the bot: the access end computed the way the rules
 * state it (each grant starts at the later of now and the current end; a refund takes its days back, never past
 * now), the closed form trial + paid - refunded while no clamp happened, and Telegram's side of the subscription.
 */
final class Model {
    /**
     * A payment update as Telegram sent it, to be sent again; {@code first} is null for a one-off payment, else
     * whether Telegram marked it is_first_recurring.
     */
    record Delivered(String chargeId, String payload, int amount, Instant subscriptionEnds, Boolean first) {}

    final long user;
    Instant end;
    Instant firstGrant;
    boolean clamped;
    int trialDays;
    int paidDays;
    int refundedDays;
    final List<Delivered> delivered = new ArrayList<>();
    final List<Delivered> held = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();
    final Set<String> refunded = new LinkedHashSet<>();
    final List<String> violations = new ArrayList<>();
    /** Telegram's subscription: its order, first charge, whether it renews, and when its period ends. */
    String subscriptionOrder;

    String firstCharge;
    boolean telegramRenews;
    Instant telegramEnds;
    private int charges;

    Model(long user) {
        this.user = user;
    }

    String nextCharge() {
        return "ch-" + user + "-" + (++charges);
    }

    void grant(Instant now, int days, boolean trial) {
        if (firstGrant == null) {
            firstGrant = now;
        }
        if (end != null && end.isBefore(now)) {
            clamped = true; // a gap: the closed form no longer describes the end
        }
        Instant base = end == null || end.isBefore(now) ? now : end;
        end = base.plus(Duration.ofDays(days));
        if (trial) {
            trialDays += days;
        } else {
            paidDays += days;
        }
    }

    void refund(Instant now, int days) {
        refundedDays += days;
        Instant shortened = end.minus(Duration.ofDays(days));
        if (!shortened.isAfter(now)) {
            clamped = clamped || shortened.isBefore(now);
            end = now;
        } else {
            end = shortened;
        }
    }

    /** trial + paid - refunded after the first grant, exact to the millisecond, when nothing was clamped. */
    Instant closedForm() {
        return firstGrant.plus(Duration.ofDays((long) trialDays + paidDays - refundedDays));
    }

    void violation(String what) {
        violations.add(what);
    }
}
