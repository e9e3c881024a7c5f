package com.atlassecure.bot.payments.invariants;

import com.atlassecure.bot.support.ScriptedXrayApi;

/** One event of a payment schedule, as Telegram, the customer, an admin, a node or time would cause it. */
sealed interface Step {
    /** The customer takes the free trial (a no-op once used). */
    record Trial() implements Step {}

    /**
     * The customer subscribes monthly: link, pre-checkout, first recurring payment (skipped while subscribed). When
     * {@code held}, Telegram's update is held back until a {@link Release}, so later ones may overtake it.
     */
    record Subscribe(boolean held) implements Step {}

    /** Telegram renews the subscription with a new charge (only while it is active at Telegram); may be held. */
    record Renew(boolean held) implements Step {}

    /** Telegram delivers the updates it held back, in the order it took the charges. */
    record Release() implements Step {}

    /** The customer buys a one-off month. */
    record BuyMonth() implements Step {}

    /** Telegram delivers the {@code index}-th payment update again (a duplicate, or one reordered after later ones). */
    record Replay(int index) implements Step {}

    /** A pre-checkout for an invoice older than a day, for another user's order, or for a wrong amount. */
    record BadPreCheckout(int kind) implements Step {}

    record Cancel() implements Step {}

    record Resume() implements Step {}

    /** An admin refunds the {@code index}-th accepted payment (again, if it was). */
    record Refund(int index) implements Step {}

    /** Node {@code node} starts answering this way (NONE heals it; down is its own flag). */
    record NodeFault(int node, ScriptedXrayApi.Fault fault, boolean down) implements Step {}

    /** The worker runs the jobs that are due. */
    record Work() implements Step {}

    /** Time passes. */
    record Advance(int minutes) implements Step {}
}
