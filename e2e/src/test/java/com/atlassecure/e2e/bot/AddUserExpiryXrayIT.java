package com.atlassecure.e2e.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * L16 against the real API: add-user of a user the API already holds answers the stored expiry and ignores the one
 * sent. The bot, whose database lost the key (a restore from backup), must still leave the API at the expiry it paid
 * for, not at the one the API happened to hold.
 */
@RequiresXray
class AddUserExpiryXrayIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void apiHoldingAnOlderExpiryEndsAtTheExpiryTheBotSent(XrayBinary binary) throws Exception {
        try (RealSystem system = new RealSystem(binary)) {
            long user = 2001;
            Database db = system.bot().database();
            SubscriptionRepository subscriptions = new SubscriptionRepository();
            Provisioning provisioning = system.bot().provisioning();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // The bot's row: 30 days paid (T2), no key recorded.
            Subscription sub = db.inTransaction(h -> {
                new CustomerRepository().ensure(h, user, now);
                return subscriptions.extend(h, user, 30, now);
            });
            // The API already holds this customer, active until T1 (5 days).
            long t1 = now.plus(Duration.ofDays(5)).toEpochMilli();
            system.api().users().addUser(new AddUserRequest(user, sub.requestedUuid(), t1));

            db.useTransaction(h -> provisioning.resync(h, user, "main", now));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (db.<Long>withHandle(provisioning::pending) > 0) {
                assertThat(System.nanoTime()).as("the job is done").isLessThan(deadline);
                Thread.sleep(50);
            }

            UserRecord atApi =
                    system.api().store().view().byUuid(sub.requestedUuid()).orElseThrow();
            assertThat(atApi.state()).isEqualTo(UserState.active);
            assertThat(atApi.expiryMs())
                    .as("the API ends at T2, not T1")
                    .isEqualTo(sub.expiresAt().toEpochMilli());
            Subscription after = db.withHandle(h -> subscriptions.find(h, user)).orElseThrow();
            assertThat(after.inSync()).isTrue();
        }
    }
}
