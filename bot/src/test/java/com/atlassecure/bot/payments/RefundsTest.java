package com.atlassecure.bot.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.bot.telegram.BotApiGateway;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/** Payment dedup at the service level and refunds through refundStarPayment. */
class RefundsTest {
    static final long CUSTOMER = 99;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    FakeBotApi telegram;
    Database db;
    PaymentService payments;
    Refunds refunds;
    BotApiGateway gateway;
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    Provisioning provisioning;

    @BeforeEach
    void setUp() {
        telegram = FakeBotApi.start();
        db = TestDatabases.sqlite(dir);
        gateway = new BotApiGateway(new OkHttpTelegramClient(
                "123456789:AAHarnessTokenNeverReal_0123456789",
                new TelegramUrl("http", "127.0.0.1", telegram.port(), false)));
        provisioning = new Provisioning(subscriptions, db.dialect());
        PaymentRepository repo = new PaymentRepository();
        AutoRenew autoRenew = new AutoRenew(db, new StarSubscriptionRepository(), gateway, clock);
        payments = new PaymentService(
                db, repo, new CustomerRepository(), provisioning, gateway, Messages.load(), clock, autoRenew);
        refunds = new Refunds(db, repo, provisioning, gateway, clock, autoRenew);
    }

    @AfterEach
    void tearDown() {
        db.close();
        telegram.close();
    }

    void order() {
        db.useTransaction(h -> {
            new CustomerRepository().ensure(h, CUSTOMER, clock.instant());
            new PaymentRepository().createOrder(h, new Order("o1", CUSTOMER, "m1", 30, 100, clock.instant(), null));
        });
    }

    @Test
    void duplicateChargeExtendsOnceAndEnqueuesOneJob() {
        order();
        assertThat(payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", ""))
                .isInstanceOf(PaymentService.Outcome.Recorded.class);
        assertThat(payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", ""))
                .isInstanceOf(PaymentService.Outcome.Duplicate.class);
        assertThat(db.withHandle(h -> subscriptions.find(h, CUSTOMER))
                        .orElseThrow()
                        .expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(db.<Long>withHandle(h -> provisioning.pending(h))).isEqualTo(1L);
    }

    @Test
    void refundCallsTelegramThenShortensTheAccessOnce() {
        order();
        payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", "");
        clock.advance(Duration.ofDays(2));

        assertThat(refunds.refund("ch-1")).isInstanceOf(Refunds.Outcome.Refunded.class);
        var call = telegram.calls("refundStarPayment").get(0);
        assertThat(call.param("user_id")).isEqualTo(Long.toString(CUSTOMER));
        assertThat(call.param("telegram_payment_charge_id")).isEqualTo("ch-1");
        assertThat(db.withHandle(h -> subscriptions.find(h, CUSTOMER))
                        .orElseThrow()
                        .expiresAt())
                .as("30 days bought, 30 taken back: access ends now")
                .isEqualTo(clock.instant());
        assertThat(db.<Long>withHandle(h -> provisioning.pending(h)))
                .as("the new expiry goes to the API")
                .isEqualTo(2L);

        assertThat(refunds.refund("ch-1")).isInstanceOf(Refunds.Outcome.AlreadyRefunded.class);
        assertThat(refunds.refund("nope")).isInstanceOf(Refunds.Outcome.UnknownCharge.class);
        assertThat(telegram.calls("refundStarPayment")).hasSize(1);
    }

    @Test
    void refundWhoseDatabaseWriteFailedAfterTelegramRefundedIsRepairedByARetry() {
        order();
        payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", "");
        clock.advance(Duration.ofDays(2));
        // The database refuses the first write of refunded_at, as a blip or a crash right after Telegram's answer.
        db.jdbi()
                .useHandle(h -> h.execute("CREATE TRIGGER refuse_refund BEFORE UPDATE OF refunded_at ON payments BEGIN"
                        + " SELECT RAISE(ABORT, 'database refused'); END"));
        assertThatThrownBy(() -> refunds.refund("ch-1")).hasMessageContaining("database refused");
        assertThat(telegram.refundedCharges()).as("the money moved").containsExactly("ch-1");
        db.jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse_refund"));

        assertThat(refunds.refund("ch-1")).isInstanceOf(Refunds.Outcome.Refunded.class);

        Payment after = db.withHandle(h -> new PaymentRepository().findByCharge(h, "ch-1"))
                .orElseThrow();
        assertThat(after.refundedAt()).isEqualTo(clock.instant());
        assertThat(db.withHandle(h -> subscriptions.find(h, CUSTOMER))
                        .orElseThrow()
                        .expiresAt())
                .as("access shortened by the refunded 30 days")
                .isEqualTo(clock.instant());
        assertThat(telegram.calls("refundStarPayment"))
                .as("the retry met CHARGE_ALREADY_REFUNDED and took it as done")
                .hasSize(2);
    }

    @Test
    void refundRequestedButNeverCompletedIsRepairedByTheReconciler() {
        order();
        payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", "");
        db.jdbi()
                .useHandle(h -> h.execute("CREATE TRIGGER refuse_refund BEFORE UPDATE OF refunded_at ON payments BEGIN"
                        + " SELECT RAISE(ABORT, 'database refused'); END"));
        assertThatThrownBy(() -> refunds.refund("ch-1")).hasMessageContaining("database refused");
        db.jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse_refund"));

        new StarReconciler(db, new PaymentRepository(), payments, refunds, gateway).runOnce();

        assertThat(db.withHandle(h -> new PaymentRepository().findByCharge(h, "ch-1"))
                        .orElseThrow()
                        .refundedAt())
                .isNotNull();
    }

    @Test
    void refundMadeOutsideTheBotIsFoundInTelegramsLedgerAndShortensTheAccess() {
        order();
        telegram.chargeWithoutUpdate(CUSTOMER, "o1", 100, "ch-1");
        payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", "");
        // Whoever else holds the token refunds the charge; no refunded_payment update reaches us.
        gateway.refundStarPayment(CUSTOMER, "ch-1");

        StarReconciler reconciler = new StarReconciler(db, new PaymentRepository(), payments, refunds, gateway);
        assertThat(reconciler.runOnce()).as("no charge was missing").isZero();

        assertThat(db.withHandle(h -> new PaymentRepository().findByCharge(h, "ch-1"))
                        .orElseThrow()
                        .refundedAt())
                .isEqualTo(clock.instant());
        assertThat(db.withHandle(h -> subscriptions.find(h, CUSTOMER))
                        .orElseThrow()
                        .expiresAt())
                .isEqualTo(clock.instant());
        assertThat(db.<Long>withHandle(h -> new PaymentRepository().revenueStars(h)))
                .isZero();
        reconciler.runOnce();
        assertThat(telegram.calls("refundStarPayment"))
                .as("the bot itself refunded nothing")
                .hasSize(1);
    }

    @Test
    void refundedPaymentMessageFromTelegramMarksTheRefundAndShortensTheAccessOnce() {
        order();
        payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-1", "");
        assertThat(refunds.recordRefunded("ch-1")).isInstanceOf(Refunds.Outcome.Refunded.class);
        assertThat(refunds.recordRefunded("ch-1")).isInstanceOf(Refunds.Outcome.AlreadyRefunded.class);
        assertThat(db.withHandle(h -> subscriptions.find(h, CUSTOMER))
                        .orElseThrow()
                        .expiresAt())
                .isEqualTo(clock.instant());
        assertThat(telegram.calls("refundStarPayment")).isEmpty();
    }

    @Test
    void paymentThatDoesNotMatchItsOrderIsRecordedFlaggedAndGrantsNothing() {
        order();
        assertThat(payments.recordPayment(CUSTOMER, "o1", 1, "XTR", "ch-amount", ""))
                .isInstanceOf(PaymentService.Outcome.Flagged.class);
        assertThat(payments.recordPayment(CUSTOMER + 1, "o1", 100, "XTR", "ch-payer", ""))
                .isInstanceOf(PaymentService.Outcome.Flagged.class);
        assertThat(payments.recordPayment(CUSTOMER, "o1", 100, "USD", "ch-currency", ""))
                .isInstanceOf(PaymentService.Outcome.Flagged.class);
        assertThat(payments.recordPayment(CUSTOMER, "o-unknown", 100, "XTR", "ch-no-order", ""))
                .isInstanceOf(PaymentService.Outcome.Flagged.class);
        PaymentRepository repo = new PaymentRepository();
        assertThat(db.<String>withHandle(h -> repo.problem(h, "ch-amount"))).isEqualTo("amount_1_expected_100");
        assertThat(db.<String>withHandle(h -> repo.problem(h, "ch-payer"))).isEqualTo("payer_not_owner");
        assertThat(db.<String>withHandle(h -> repo.problem(h, "ch-no-order"))).isEqualTo("unknown_order");
        boolean subscribed = db.withHandle(h -> subscriptions.find(h, CUSTOMER).isPresent());
        assertThat(subscribed).as("no days granted").isFalse();
        assertThat(db.<Long>withHandle(h -> provisioning.pending(h)))
                .as("no key is provisioned nor delivered")
                .isZero();

        assertThat(payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-good", ""))
                .isInstanceOf(PaymentService.Outcome.Recorded.class);
        assertThat(payments.recordPayment(CUSTOMER, "o1", 100, "XTR", "ch-second", ""))
                .as("a second charge for a paid order")
                .isInstanceOf(PaymentService.Outcome.Flagged.class);
    }
}
