package com.atlassecure.testkit.telegram;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake Bot API keeps of Stars subscriptions: the invoice links {@code createInvoiceLink} made (with their
 * {@code subscription_period}), and for each subscription, named by the charge id of its first payment, whether the
 * user cancelled it through {@code editUserStarSubscription}. Checks calls as the real Bot API does. Thread-safe.
 */
final class StarSubscriptions {
    /** Telegram accepts exactly this period: 30 days. */
    static final int PERIOD_SECONDS = 2_592_000;
    /** The highest price of a Stars subscription per period. */
    static final int MAX_STARS = 10_000;

    /** An invoice link the bot created. */
    record InvoiceLink(String url, String payload, int amount, Integer subscriptionPeriod) {}

    private final Map<String, InvoiceLink> links = new ConcurrentHashMap<>();
    private final Map<String, Long> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);

    /** createInvoiceLink; the error text when the real API would refuse it. */
    Object create(RecordedCall call) {
        if (!"XTR".equals(call.param("currency"))) {
            return "Bad Request: currency must be XTR for Stars";
        }
        var prices = call.params().path("prices");
        if (!prices.isArray() || prices.size() != 1) {
            return "Bad Request: Stars invoices take exactly one price";
        }
        int amount = prices.get(0).path("amount").asInt();
        String periodText = call.param("subscription_period");
        Integer period = periodText == null ? null : Integer.valueOf(periodText);
        if (period != null && (period != PERIOD_SECONDS || amount > MAX_STARS)) {
            return "Bad Request: SUBSCRIPTION_PERIOD_INVALID";
        }
        String payload = call.param("payload");
        if (payload == null || payload.isEmpty()) {
            return "Bad Request: payload is empty";
        }
        InvoiceLink link = new InvoiceLink("https://t.me/$fake" + next.getAndIncrement(), payload, amount, period);
        links.put(link.url(), link);
        return link;
    }

    Optional<InvoiceLink> link(String url) {
        return Optional.ofNullable(links.get(url));
    }

    Iterable<InvoiceLink> links() {
        return links.values();
    }

    /** The first payment of a subscription: {@code chargeId} names it from now on. */
    void subscribed(long userId, String chargeId) {
        subscribers.put(chargeId, userId);
        cancelled.put(chargeId, false);
    }

    /** editUserStarSubscription: null when done, else the error text. */
    String edit(RecordedCall call) {
        String chargeId = call.param("telegram_payment_charge_id");
        Long owner = chargeId == null ? null : subscribers.get(chargeId);
        if (owner == null || !owner.toString().equals(call.param("user_id"))) {
            return "Bad Request: CHARGE_ID_INVALID";
        }
        String isCanceled = call.param("is_canceled");
        if (isCanceled == null) {
            return "Bad Request: is_canceled is required";
        }
        cancelled.put(chargeId, Boolean.parseBoolean(isCanceled));
        return null;
    }

    /** Whether the subscription first paid with {@code chargeId} is cancelled; empty for no such subscription. */
    Optional<Boolean> cancelled(String chargeId) {
        return Optional.ofNullable(cancelled.get(chargeId));
    }
}
