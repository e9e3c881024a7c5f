package com.atlassecure.bot.payments;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram Stars purchases: the invoice (XTR, empty provider token, our order id as payload), the pre-checkout
 * answer, and the successful payment. A payment is recorded before anything else, keyed unique on {@code
 * telegram_payment_charge_id}, and in the same transaction the access is extended and provisioning enqueued, so a
 * payment Telegram reports twice is counted once, and a recorded payment always ends in a key (design principle 8).
 */
public final class PaymentService {
    public static final String CURRENCY = "XTR";
    /** An invoice older than this is refused at pre-checkout: prices may have changed since. */
    public static final Duration ORDER_TTL = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final Database db;
    private final PaymentRepository payments;
    private final CustomerRepository customers;
    private final Provisioning provisioning;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Clock clock;
    private final AutoRenew autoRenew;

    PaymentService(
            Database db,
            PaymentRepository payments,
            CustomerRepository customers,
            Provisioning provisioning,
            TelegramGateway telegram,
            Messages messages,
            Clock clock,
            AutoRenew autoRenew) {
        this.db = db;
        this.autoRenew = autoRenew;
        this.payments = payments;
        this.customers = customers;
        this.provisioning = provisioning;
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
    }

    private String newOrder(long userId, Plan plan) {
        String orderId = "o" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        db.useTransaction(h -> {
            customers.ensure(h, userId, now);
            payments.createOrder(
                    h, new Order(orderId, userId, plan.id(), plan.days(), plan.stars(), now, null, plan.devices()));
        });
        return orderId;
    }

    /** Creates an order for the plan and sends its invoice. */
    public String sendInvoice(long userId, Language language, Plan plan) {
        String orderId = newOrder(userId, plan);
        telegram.sendStarsInvoice(
                userId,
                messages.get(language, "invoice.title", "months", plan.months()),
                messages.get(language, "invoice.description", "days", plan.days()),
                orderId,
                messages.get(language, "invoice.label", "months", plan.months()),
                plan.stars());
        log.info("event=invoice_sent user={} order={} plan={} stars={}", userId, orderId, plan.id(), plan.stars());
        return orderId;
    }

    /**
     * Creates an order for the plan and returns an invoice link for it, for a page that opens the invoice itself (the
     * Mini App's Renew). The payment then runs exactly as an invoice sent in the chat.
     */
    public String invoiceLink(long userId, Language language, Plan plan) {
        if (plan.recurring()) {
            throw new IllegalArgumentException("plan " + plan.id() + " renews by itself; use sendSubscriptionLink");
        }
        String orderId = newOrder(userId, plan);
        String link = telegram.createStarsInvoiceLink(
                messages.get(language, "invoice.title", "months", plan.months()),
                messages.get(language, "invoice.description", "days", plan.days()),
                orderId,
                messages.get(language, "invoice.label", "months", plan.months()),
                plan.stars());
        log.info("event=invoice_link_made user={} order={} plan={} stars={}", userId, orderId, plan.id(), plan.stars());
        return link;
    }

    /**
     * Creates an order for the monthly subscription plan and sends the customer a button that opens its invoice link
     * ({@code createInvoiceLink} with {@code subscription_period}); Telegram then renews it every 30 days.
     */
    public String sendSubscriptionLink(long userId, Language language, Plan plan) {
        if (!plan.recurring()) {
            throw new IllegalArgumentException("plan " + plan.id() + " is not the monthly subscription");
        }
        String orderId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        db.useTransaction(h -> {
            customers.ensure(h, userId, now);
            payments.createOrder(
                    h, new Order(orderId, userId, plan.id(), plan.days(), plan.stars(), now, null, plan.devices()));
        });
        String link = telegram.createStarsSubscriptionLink(
                messages.get(language, "subscription.title"),
                messages.get(language, "subscription.description", "days", plan.days()),
                orderId,
                messages.get(language, "subscription.label"),
                plan.stars(),
                Plan.SUBSCRIPTION_PERIOD_SECONDS);
        telegram.sendText(
                userId,
                messages.get(language, "subscription.offer", "stars", plan.stars()),
                Keyboard.builder()
                        .row(Keyboard.Button.link(messages.get(language, "button.subscribe"), link))
                        .build());
        log.info("event=subscription_link_sent user={} order={} stars={}", userId, orderId, plan.stars());
        return orderId;
    }

    /**
     * Answers a pre_checkout_query: ok only for a known, unpaid, fresh order of this user with the same amount and
     * currency. Telegram cancels the payment if no answer arrives within 10 s, so this does one indexed read.
     */
    public void answerPreCheckout(
            String queryId, long userId, Language language, String payload, int totalAmount, String currency) {
        Optional<Order> order = db.withHandle(h -> payments.findOrder(h, payload));
        String problem = null;
        if (order.isEmpty() || order.get().userId() != userId || order.get().paidAt() != null) {
            problem = "precheckout.unknown_order";
        } else if (!CURRENCY.equals(currency) || order.get().amountStars() != totalAmount) {
            problem = "precheckout.amount";
        } else if (order.get().createdAt().plus(ORDER_TTL).isBefore(clock.instant())) {
            problem = "precheckout.stale";
        }
        telegram.answerPreCheckout(queryId, problem == null, problem == null ? null : messages.get(language, problem));
        log.info("event=pre_checkout user={} order={} ok={} reason={}", userId, payload, problem == null, problem);
    }

    /** What a successful_payment did. */
    public sealed interface Outcome {
        /** First time this charge was seen: recorded and the access extended. */
        record Recorded(Subscription subscription, int stars) implements Outcome {}

        /** Telegram delivered this charge before: nothing changed. */
        record Duplicate() implements Outcome {}

        /** Recorded (the money arrived) but it did not match its order: no access granted, an admin decides. */
        record Flagged(String problem, int stars) implements Outcome {}
    }

    /**
     * Records a successful payment once per charge id. The payment is checked again against its order (XTR, the
     * order's amount, paid by the order's owner, not paid before): pre-checkout checked it too, but this is where
     * money turns into access. A mismatch is recorded with its problem and grants nothing.
     */
    public Outcome recordPayment(
            long userId, String payload, int totalAmount, String currency, String chargeId, String providerChargeId) {
        return recordPayment(userId, payload, totalAmount, currency, chargeId, providerChargeId, null);
    }

    /**
     * How Telegram marked a subscription payment: {@code first} (is_first_recurring) names the subscription by this
     * charge, and {@code ends} is its subscription_expiration_date (null when Telegram sent none).
     */
    public record Recurring(boolean first, Instant ends) {}

    /**
     * As above, for a payment that may belong to a Stars subscription ({@code recurring} null when Telegram did not
     * mark it). A subscription order takes a payment per period, each with its own charge: each extends access by one
     * period once, whatever order the updates arrive in.
     */
    public Outcome recordPayment(
            long userId,
            String payload,
            int totalAmount,
            String currency,
            String chargeId,
            String providerChargeId,
            Recurring recurring) {
        Instant now = clock.instant();
        Outcome outcome = db.inTransaction(h -> {
            customers.ensure(h, userId, now);
            Optional<Order> order = payments.findOrder(h, payload);
            String problem = problem(order, userId, totalAmount, currency);
            int days = problem == null ? order.get().days() : 0;
            Payment payment =
                    new Payment(chargeId, providerChargeId, payload, userId, totalAmount, currency, days, now, null);
            if (!payments.insertIfNew(h, payment, problem)) {
                return new Outcome.Duplicate();
            }
            if (problem != null) {
                log.error(
                        "event=payment_mismatch user={} order={} stars={} charge={} problem={}",
                        userId,
                        payload,
                        totalAmount,
                        chargeId,
                        problem);
                return new Outcome.Flagged(problem, totalAmount);
            }
            // Telegram's is_first_recurring decides; without it, the first payment of the order is the first.
            boolean first = recurring != null ? recurring.first() : order.get().paidAt() == null;
            payments.markOrderPaid(h, payload, now);
            Subscription sub = provisioning.extend(h, userId, days, "payment.pending", now);
            if (Plan.RECURRING_ID.equals(order.get().planId())) {
                Instant ends = recurring != null && recurring.ends() != null
                        ? recurring.ends()
                        : now.plus(Duration.ofDays(days));
                autoRenew.paid(h, userId, payload, chargeId, first, ends, now);
            }
            // In the same transaction as the extension's jobs, which read it when they run: every node learns the
            // plan's limit with the new expiry.
            provisioning.setDeviceLimit(h, userId, order.get().deviceLimit());
            return new Outcome.Recorded(sub, totalAmount);
        });
        log.info(
                "event=payment user={} order={} stars={} charge={} outcome={}",
                userId,
                payload,
                totalAmount,
                chargeId,
                outcome.getClass().getSimpleName());
        return outcome;
    }

    private static String problem(Optional<Order> order, long payer, int amount, String currency) {
        if (order.isEmpty()) {
            return "unknown_order";
        }
        if (!CURRENCY.equals(currency)) {
            return "currency_" + currency;
        }
        if (order.get().amountStars() != amount) {
            return "amount_" + amount + "_expected_" + order.get().amountStars();
        }
        if (order.get().userId() != payer) {
            return "payer_not_owner";
        }
        // A subscription's order is paid once per period, each time with a new charge id.
        if (order.get().paidAt() != null
                && !Plan.RECURRING_ID.equals(order.get().planId())) {
            return "order_already_paid";
        }
        return null;
    }
}
