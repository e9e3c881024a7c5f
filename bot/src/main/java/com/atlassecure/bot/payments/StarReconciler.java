package com.atlassecure.bot.payments;

import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.telegram.StarTransaction;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares our payments with Telegram's own record of Stars transactions ({@code getStarTransactions}) and records
 * any charge we are missing, through the same path as a successful_payment update, mapped to the customer and the
 * order by the invoice payload; the unique charge id makes it idempotent. It also completes refunds that were
 * requested and never marked, and records refunds made outside the bot (Telegram lists them as money going back
 * to the user under the refunded charge's id). Whatever lost an update (a crash, a database outage, a bug), the money is found here.
 * Transactions are read from a saved cursor, re-reading a page of overlap each time.
 */
public final class StarReconciler {
    private static final Logger log = LoggerFactory.getLogger(StarReconciler.class);
    static final int PAGE = 100;

    private final Database db;
    private final PaymentRepository payments;
    private final PaymentService service;
    private final Refunds refunds;
    private final TelegramGateway telegram;

    StarReconciler(
            Database db,
            PaymentRepository payments,
            PaymentService service,
            Refunds refunds,
            TelegramGateway telegram) {
        this.db = db;
        this.payments = payments;
        this.service = service;
        this.refunds = refunds;
        this.telegram = telegram;
    }

    private boolean refundedOnlyAtTelegram(String chargeId) {
        return db.withHandle(h -> payments.findByCharge(h, chargeId))
                .map(p -> p.refundedAt() == null)
                .orElse(false);
    }

    /** One pass; returns how many missing charges it recorded. */
    public int runOnce() {
        int repaired = 0;
        for (String charge : db.withHandle(payments::refundsToComplete)) {
            Refunds.Outcome outcome = refunds.refund(charge);
            log.info(
                    "event=refund_repair charge={} outcome={}",
                    charge,
                    outcome.getClass().getSimpleName());
            if (outcome instanceof Refunds.Outcome.Refunded) {
                repaired++;
            }
        }
        long saved = db.withHandle(payments::reconcileOffset);
        long next = Math.max(0, saved - PAGE);
        int recorded = 0;
        int seen = 0;
        while (true) {
            List<StarTransaction> page = telegram.starTransactions(Math.toIntExact(next), PAGE);
            for (StarTransaction tx : page) {
                seen++;
                if (!tx.incoming()) {
                    if (tx.userId() != 0 && refundedOnlyAtTelegram(tx.id())) {
                        // Refunded outside this bot's /refund (another holder of the token, Telegram support).
                        Refunds.Outcome outcome = refunds.recordRefunded(tx.id());
                        log.warn(
                                "event=refund_reconciled user={} charge={} outcome={}",
                                tx.userId(),
                                tx.id(),
                                outcome.getClass().getSimpleName());
                        repaired++;
                    }
                    continue;
                }
                if (tx.payload() == null || tx.amount() <= 0) {
                    continue;
                }
                boolean known =
                        db.withHandle(h -> payments.findByCharge(h, tx.id()).isPresent());
                if (known) {
                    continue;
                }
                PaymentService.Outcome outcome = service.recordPayment(
                        tx.userId(), tx.payload(), tx.amount(), PaymentService.CURRENCY, tx.id(), null);
                log.warn(
                        "event=payment_reconciled user={} order={} stars={} charge={} outcome={}",
                        tx.userId(),
                        tx.payload(),
                        tx.amount(),
                        tx.id(),
                        outcome.getClass().getSimpleName());
                if (!(outcome instanceof PaymentService.Outcome.Duplicate)) {
                    recorded++;
                }
            }
            next += page.size();
            if (page.size() < PAGE) {
                break;
            }
        }
        long reached = Math.max(saved, next);
        db.useTransaction(h -> payments.saveReconcileOffset(h, reached));
        log.info(
                "event=reconcile_done transactions_read={} recorded={} refunds_repaired={} offset={}",
                seen,
                recorded,
                repaired,
                reached);
        return recorded;
    }
}
