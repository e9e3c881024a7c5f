package com.atlassecure.bot.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.payments.SuccessfulPayment;

/**
 * Every update is handled once across replicas and redeliveries, except money updates, which always reach the router
 * (their own idempotency is by charge id). A failed handler or a replica that died leaves the update to the next
 * delivery.
 */
class UpdatesOnceTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final List<Integer> handled = new ArrayList<>();
    Database db;

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite(dir);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static Update text(int id) {
        Update u = new Update();
        u.setUpdateId(id);
        Message m = new Message();
        m.setText("/start");
        m.setFrom(new User(42L, "Ann", false));
        u.setMessage(m);
        return u;
    }

    static Update payment(int id) {
        Update u = text(id);
        SuccessfulPayment p = new SuccessfulPayment();
        p.setTelegramPaymentChargeId("charge-" + id);
        u.getMessage().setSuccessfulPayment(p);
        return u;
    }

    UpdatesOnce replica(Consumer<Update> router) {
        return new UpdatesOnce(db, router, clock);
    }

    @Test
    void anUpdateDeliveredToTwoReplicasIsHandledByOne() {
        UpdatesOnce a = replica(u -> handled.add(u.getUpdateId()));
        UpdatesOnce b = replica(u -> handled.add(u.getUpdateId()));

        a.accept(text(1));
        b.accept(text(1));
        a.accept(text(2));

        assertThat(handled).containsExactly(1, 2);
    }

    @Test
    void moneyUpdatesAlwaysReachTheRouter() {
        UpdatesOnce a = replica(u -> handled.add(u.getUpdateId()));

        a.accept(payment(7));
        a.accept(payment(7));

        assertThat(handled).containsExactly(7, 7);
    }

    @Test
    void aFailedHandlerLeavesTheUpdateToTheNextDelivery() {
        UpdatesOnce failing = replica(u -> {
            throw new IllegalStateException("database refused");
        });
        assertThatThrownBy(() -> failing.accept(text(3))).isInstanceOf(IllegalStateException.class);

        replica(u -> handled.add(u.getUpdateId())).accept(text(3));

        assertThat(handled).containsExactly(3);
    }

    @Test
    void aClaimLeftByAReplicaThatDiedIsTakenAgainAfterTheLease() {
        SeenUpdateRepository seen = new SeenUpdateRepository();
        db.useTransaction(h -> seen.claim(h, 4, clock.instant(), UpdatesOnce.LEASE)); // claimed, never finished
        UpdatesOnce b = replica(u -> handled.add(u.getUpdateId()));

        b.accept(text(4));
        assertThat(handled)
                .as("within the lease the other replica may still be handling it")
                .isEmpty();
        clock.advance(UpdatesOnce.LEASE.plus(Duration.ofSeconds(1)));
        b.accept(text(4));

        assertThat(handled).containsExactly(4);
    }
}
