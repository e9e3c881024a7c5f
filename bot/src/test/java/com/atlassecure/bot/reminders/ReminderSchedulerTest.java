package com.atlassecure.bot.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.payments.Payments;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reminders driven by a clock: 3 days, 1 day, and the expiry notice, each once, re-armed by a renewal. */
class ReminderSchedulerTest {
    static final long CUSTOMER = 77;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final RecordingTelegram telegram = new RecordingTelegram();
    final Messages messages = Messages.load();
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    final CustomerRepository customers = new CustomerRepository();
    Database db;
    ReminderScheduler reminders;

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite(dir);
        Payments payments =
                new Payments(db, customers, new Provisioning(subscriptions, db.dialect()), telegram, messages, clock);
        reminders = new ReminderScheduler(
                db,
                subscriptions,
                customers,
                telegram,
                messages,
                new Menus(messages, List.of(), 3),
                clock,
                payments.autoRenew());
        db.useTransaction(h -> {
            customers.upsert(h, CUSTOMER, Language.RU, "Ivan", null, clock.instant());
            subscriptions.extend(h, CUSTOMER, 10, clock.instant());
            var s = subscriptions.find(h, CUSTOMER).orElseThrow();
            subscriptions.recordProvisioned(
                    h, CUSTOMER, "main", s.requestedUuid(), "link", s.expiresAt(), clock.instant());
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void eachReminderIsSentOnceAtItsTimeWithARenewButton() {
        assertThat(reminders.runOnce()).isZero();

        clock.advance(Duration.ofDays(7).plusHours(1)); // 2d23h left
        assertThat(reminders.runOnce()).isEqualTo(1);
        assertThat(reminders.runOnce()).as("not twice").isZero();
        assertThat(telegram.to(CUSTOMER).get(0).text()).contains("3 дня");

        clock.advance(Duration.ofDays(2)); // 23h left
        assertThat(reminders.runOnce()).isEqualTo(1);
        assertThat(telegram.to(CUSTOMER).get(1).text()).contains("1 день");

        clock.advance(Duration.ofDays(1)); // expired an hour ago
        assertThat(reminders.runOnce()).isEqualTo(1);
        assertThat(reminders.runOnce()).isZero();
        var notice = telegram.to(CUSTOMER).get(2);
        assertThat(notice.text()).isEqualTo(messages.get(Language.RU, "reminder.expired"));
        assertThat(notice.keyboard().rows().get(0).get(0).data()).isEqualTo(Menus.BUY);
    }

    @Test
    void aCustomerFirstSeenInsideTheLastDayHearsOnlyTheOneDayReminder() {
        clock.advance(Duration.ofDays(9).plusHours(12));
        assertThat(reminders.runOnce()).isEqualTo(1);
        assertThat(telegram.to(CUSTOMER))
                .singleElement()
                .satisfies(s -> assertThat(s.text()).contains("1 день"));
    }

    @Test
    void renewalReArmsTheReminders() {
        clock.advance(Duration.ofDays(8));
        reminders.runOnce();
        db.useTransaction(h -> subscriptions.extend(h, CUSTOMER, 30, clock.instant()));
        clock.advance(Duration.ofDays(30));
        assertThat(reminders.runOnce()).isEqualTo(1);
        assertThat(telegram.to(CUSTOMER)).hasSize(2);
    }
}
