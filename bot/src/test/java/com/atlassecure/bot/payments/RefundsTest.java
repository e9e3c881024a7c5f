package com.atlassecure.bot.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.outbox.OutboxRepository;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionChanges;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.MutableClock;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.bot.telegram.BotApiGateway;
import com.atlassecure.testkit.telegram.FakeBotApi;
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
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    OutboxRepository outbox;

    @BeforeEach
    void setUp() {
        telegram = FakeBotApi.start();
        db = TestDatabases.sqlite(dir);
        outbox = new OutboxRepository(db.dialect());
        var gateway = new BotApiGateway(new OkHttpTelegramClient(
                "123456789:AAHarnessTokenNeverReal_0123456789",
                new TelegramUrl("http", "127.0.0.1", telegram.port(), false)));
        SubscriptionChanges changes = new SubscriptionChanges(subscriptions, outbox, db.dialect());
        PaymentRepository repo = new PaymentRepository();
        payments = new PaymentService(db, repo, new CustomerRepository(), changes, gateway, Messages.load(), clock);
        refunds = new Refunds(db, repo, changes, gateway, clock);
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
        assertThat(db.<Long>withHandle(h -> outbox.pending(h))).isEqualTo(1L);
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
        assertThat(db.<Long>withHandle(h -> outbox.pending(h)))
                .as("the new expiry goes to the API")
                .isEqualTo(2L);

        assertThat(refunds.refund("ch-1")).isInstanceOf(Refunds.Outcome.AlreadyRefunded.class);
        assertThat(refunds.refund("nope")).isInstanceOf(Refunds.Outcome.UnknownCharge.class);
        assertThat(telegram.calls("refundStarPayment")).hasSize(1);
    }
}
