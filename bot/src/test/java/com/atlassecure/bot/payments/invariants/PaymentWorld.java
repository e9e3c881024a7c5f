package com.atlassecure.bot.payments.invariants;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.Order;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.payments.Refunds;
import com.atlassecure.bot.provisioning.Placement;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.provisioning.ProvisioningWorker;
import com.atlassecure.bot.provisioning.TestWorkers;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.bot.trial.TrialService;
import com.atlassecure.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bot's money path in one process for the property test: payments, refunds, auto-renew, the outbox and its
 * worker, on one database, against two scripted nodes whose failures the schedule sets. Telegram is recorded, and its
 * side of a subscription follows the bot's editUserStarSubscription calls as Telegram would. One world serves many
 * schedules, each with a customer of its own.
 */
final class PaymentWorld implements AutoCloseable {
    static final Plan MONTHLY = new Plan(1, 100, null, true);
    static final Plan MONTH = new Plan(1, 110);
    static final int TRIAL_DAYS = 3;
    static final long OTHER_USER = 999_999_999L;

    final MutableClock clock = MutableClock.at("2027-01-01T00:00:00Z");
    final Database db;
    final RecordingTelegram telegram = new RecordingTelegram();
    final Map<String, ScriptedXrayApi> nodes = new LinkedHashMap<>();
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    final Provisioning provisioning;
    final Payments payments;
    final TrialService trials;
    final ProvisioningWorker worker;

    PaymentWorld(Database db) {
        this.db = db;
        nodes.put("n1", new ScriptedXrayApi("n1.test.invalid"));
        nodes.put("n2", new ScriptedXrayApi("n2.test.invalid"));
        provisioning = new Provisioning(subscriptions, db.dialect(), Placement.fixed(List.copyOf(nodes.keySet())));
        CustomerRepository customers = new CustomerRepository();
        payments = new Payments(db, customers, provisioning, telegram, Messages.load(), clock);
        trials = new TrialService(db, customers, provisioning, TRIAL_DAYS, clock);
        worker = TestWorkers.worker(db, provisioning, nodes, telegram, Set.of(), clock, true);
        db.useTransaction(h -> customers.ensure(h, OTHER_USER, clock.instant()));
    }

    PaymentService purchases() {
        return payments.purchases();
    }

    Refunds refunds() {
        return payments.refunds();
    }

    Instant now() {
        return clock.instant();
    }

    Optional<Subscription> access(long user) {
        return db.withHandle(h -> subscriptions.find(h, user));
    }

    /** Every node answers again and the worker runs until no job waits, moving time past each backoff. */
    void healAndDrain() {
        for (ScriptedXrayApi node : nodes.values()) {
            node.down = false;
            node.fault = ScriptedXrayApi.Fault.NONE;
        }
        for (int round = 0; round < 40 && pending() > 0; round++) {
            worker.runOnce();
            if (pending() > 0) {
                clock.advance(Duration.ofMinutes(11));
            }
        }
    }

    long pending() {
        return db.withHandle(h -> provisioning.pending(h));
    }

    /** An order as if its invoice was sent {@code age} ago, for pre-checkouts the bot must refuse. */
    String oldOrder(long user, Duration age, int stars) {
        String id = "old-" + user + "-" + System.nanoTime();
        db.useTransaction(h -> {
            new CustomerRepository().ensure(h, user, now());
            new PaymentRepository()
                    .createOrder(h, new Order(id, user, MONTH.id(), MONTH.days(), stars, now().minus(age), null));
        });
        return id;
    }

    /** The text of the last pre-checkout answer: "ok", or why it was refused. */
    String lastPreCheckoutAnswer() {
        List<RecordingTelegram.Sent> sent = telegram.sent();
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).method().equals("answerPreCheckoutQuery")) {
                return sent.get(i).text();
            }
        }
        return null;
    }

    Language lang() {
        return Language.EN;
    }

    @Override
    public void close() {
        worker.close();
        db.close();
    }
}
