package com.atlassecure.e2e.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.nodes.DriftReport;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Drift made behind the bot's back on a real node (a customer removed, a stranger added, both straight at the API)
 * is found by digest and repaired: the customer comes back through the outbox, the stranger is removed, and the node's
 * digest then equals the one the bot computes from its database. No step restarts Xray.
 */
@RequiresXray
class DriftRepairXrayIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void driftOnARealNodeIsRepairedUntilItsDigestEqualsTheBots(XrayBinary binary) throws Exception {
        try (RealSystem system = new RealSystem(binary)) {
            Database db = system.bot().database();
            SubscriptionRepository subscriptions = new SubscriptionRepository();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (long user = 3001; user <= 3003; user++) {
                long u = user;
                db.useTransaction(h -> {
                    new com.atlassecure.bot.customers.CustomerRepository().ensure(h, u, now);
                    system.bot().provisioning().extend(h, u, 30, null, now);
                });
            }
            awaitNoPendingJobs(system);
            assertThat(system.bot().nodes().drift("main").runOnce().inSync()).isTrue();
            long xrayPid = system.xray.pid();

            Subscription gone = db.withHandle(h -> subscriptions.find(h, 3001)).orElseThrow();
            system.api().users().removeUser(new RemoveUserRequest(gone.uuid()));
            String stranger = UUID.randomUUID().toString();
            system.api()
                    .users()
                    .addUser(new AddUserRequest(
                            9_000_001L, stranger, now.plus(Duration.ofDays(5)).toEpochMilli()));

            DriftReport report = system.bot().nodes().drift("main").runOnce();

            assertThat(report.inSync()).isFalse();
            assertThat(report.missing()).isEqualTo(1);
            assertThat(report.extra()).isEqualTo(1);
            assertThat(report.removed()).isEqualTo(1);
            awaitNoPendingJobs(system);
            assertThat(system.api().users().listing().digest())
                    .as("the node now holds exactly what the bot wants")
                    .isEqualTo(system.bot().nodes().drift("main").wantedDigest());
            assertThat(system.bot().nodes().drift("main").runOnce().inSync()).isTrue();
            assertThat(system.api().users().user(gone.uuid()).state().name()).isEqualTo("active");
            assertThat(system.xray.pid()).as("Xray never restarted").isEqualTo(xrayPid);
            assertThat(system.xray.isAlive()).isTrue();
        }
    }

    private static void awaitNoPendingJobs(RealSystem system) throws InterruptedException {
        Database db = system.bot().database();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (db.<Long>withHandle(h -> system.bot().provisioning().pending(h)) > 0) {
            assertThat(System.nanoTime()).as("the outbox drains").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
