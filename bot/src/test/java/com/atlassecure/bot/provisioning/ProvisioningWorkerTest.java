package com.atlassecure.bot.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.apiclient.HttpXrayApi;
import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.bot.support.FaultServer.Reply;
import com.atlassecure.bot.support.RecordingTelegram;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.time.MutableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox worker's promises, with time moved by a clock instead of slept. */
class ProvisioningWorkerTest {
    static final long CUSTOMER = 5001;
    static final long ADMIN = 9001;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final RecordingTelegram telegram = new RecordingTelegram();
    final Messages messages = Messages.load();
    final CustomerRepository customers = new CustomerRepository();
    final SubscriptionRepository subscriptions = new SubscriptionRepository();
    Database db;
    OutboxRepository outbox;
    Provisioning changes;

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite(dir);
        changes = new Provisioning(subscriptions, db.dialect());
        outbox = changes.outbox();
        db.useTransaction(h -> {
            customers.upsert(h, CUSTOMER, Language.EN, "Ann", null, clock.instant());
            customers.upsert(h, ADMIN, Language.EN, "Op", null, clock.instant());
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    ProvisioningWorker worker(XrayApi api) {
        return TestWorkers.worker(db, changes, api, telegram, Set.of(ADMIN), clock, true);
    }

    Subscription paid(int days) {
        return db.inTransaction(h -> changes.extend(h, CUSTOMER, days, "payment.pending", clock.instant()));
    }

    long pending() {
        return db.withHandle(h -> outbox.pending(h));
    }

    String lastError() {
        return db.withHandle(h -> outbox.lastError(h, 1));
    }

    Subscription stored() {
        return db.withHandle(h -> subscriptions.find(h, CUSTOMER)).orElseThrow();
    }

    @Test
    void firstProvisioningAddsTheUserWithTheChosenUuidStoresTheAnswerAndDeliversTheKey() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        Subscription sub = paid(30);
        assertThat(worker(api).runOnce()).isEqualTo(1);

        assertThat(api.calls()).singleElement().satisfies(c -> {
            assertThat(c.op()).isEqualTo("add");
            assertThat(c.uuid()).isEqualTo(sub.requestedUuid());
            assertThat(c.expiryMs()).isEqualTo(sub.expiresAt().toEpochMilli());
        });
        Subscription after = stored();
        assertThat(after.uuid()).isEqualTo(sub.requestedUuid());
        assertThat(after.vlessLink()).isEqualTo(ScriptedXrayApi.linkFor(sub.requestedUuid()));
        assertThat(after.inSync()).isTrue();
        List<RecordingTelegram.Sent> sent = telegram.to(CUSTOMER);
        assertThat(sent).extracting(RecordingTelegram.Sent::method).containsExactly("sendMessage", "sendPhoto");
        assertThat(sent.get(0).monospace()).isEqualTo(after.vlessLink());
        assertThat(pending()).isZero();
    }

    @Test
    void renewalOfAProvisionedKeyUpdatesTheSameUuid() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        Subscription sub = paid(30);
        worker(api).runOnce();
        clock.advance(Duration.ofDays(10));
        Subscription renewed = paid(30);
        worker(api).runOnce();
        assertThat(api.calls()).extracting(ScriptedXrayApi.Call::op).containsExactly("add", "update");
        assertThat(api.calls().get(1).uuid()).isEqualTo(sub.requestedUuid());
        assertThat(api.calls().get(1).expiryMs()).isEqualTo(renewed.expiresAt().toEpochMilli());
        assertThat(stored().provisionedExpiresAt()).isEqualTo(renewed.expiresAt());
    }

    @Test
    void apiDownTellsTheCustomerOnceRetriesWithTheSameUuidAndDeliversWhenItComesBack() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        api.down = true;
        Subscription sub = paid(30);
        ProvisioningWorker worker = worker(api);

        worker.runOnce();
        assertThat(telegram.to(CUSTOMER))
                .singleElement()
                .satisfies(s -> assertThat(s.text()).isEqualTo(messages.get(Language.EN, "payment.pending")));
        assertThat(worker.runOnce()).as("not due again before its backoff").isZero();

        clock.advance(Duration.ofSeconds(5));
        worker.runOnce();
        assertThat(telegram.to(CUSTOMER)).as("told once only").hasSize(1);

        api.down = false;
        clock.advance(Duration.ofMinutes(1));
        worker.runOnce();
        assertThat(api.calls()).extracting(ScriptedXrayApi.Call::uuid).containsOnly(sub.requestedUuid());
        assertThat(stored().hasKey()).isTrue();
        assertThat(telegram.to(CUSTOMER))
                .extracting(RecordingTelegram.Sent::method)
                .containsExactly("sendMessage", "sendMessage", "sendPhoto");
    }

    @Test
    void missingLinkIsAnInvalidResponseNothingIsStoredItIsRetriedAndAdminsAreAlertedOnce() throws Exception {
        try (FaultServer server = new FaultServer()) {
            ObjectMapper json = new ObjectMapper();
            server.script(request -> {
                try {
                    String uuid = json.readTree(request.body()).get("uuid").asText();
                    return Reply.status(200, "{\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":1}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            runInvalidResponseScenario(server);
            assertThat(lastError()).contains("InvalidResponseError").contains("vless_link");
        }
    }

    @Test
    void answerForAnotherUuidIsAnInvalidResponseAndNothingIsStored() throws Exception {
        try (FaultServer server = new FaultServer()) {
            String other = "9f1e2d3c-4b5a-4968-8776-655443322110";
            server.script(request -> Reply.status(
                    200,
                    "{\"uuid\":\"" + other + "\",\"expiry_timestamp_ms\":1," + "\"vless_link\":\""
                            + ScriptedXrayApi.linkFor(other) + "\"}"));
            runInvalidResponseScenario(server);
            assertThat(lastError()).contains("InvalidResponseError");
        }
    }

    private void runInvalidResponseScenario(FaultServer server) {
        HttpXrayApi api = new HttpXrayApi(server.url(), "k".repeat(40), null, Duration.ofSeconds(5), clock);
        paid(30);
        ProvisioningWorker worker = worker(api);
        for (int i = 0; i < ProvisioningWorker.ALERT_AFTER_ATTEMPTS + 2; i++) {
            worker.runOnce();
            clock.advance(Duration.ofMinutes(11));
        }
        assertThat(server.requests()).hasSize(ProvisioningWorker.ALERT_AFTER_ATTEMPTS + 2);
        Subscription after = stored();
        assertThat(after.hasKey()).isFalse();
        assertThat(after.uuid()).isNull();
        assertThat(after.vlessLink()).isNull();
        assertThat(telegram.to(ADMIN))
                .as("alerted once, after repeated failures")
                .hasSize(1);
        assertThat(telegram.to(CUSTOMER))
                .as("only the 'on its way' notice, never a key")
                .hasSize(1);
        assertThat(pending()).isEqualTo(1);
    }

    @Test
    void revokeRemovesTheUserAndKeepsTheUuidForALaterGrant() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        Subscription sub = paid(30);
        worker(api).runOnce();
        db.useTransaction(h -> changes.revoke(h, CUSTOMER, clock.instant()));
        worker(api).runOnce();
        assertThat(stored().hasKey()).isFalse();
        paid(7);
        worker(api).runOnce();
        assertThat(api.calls()).extracting(ScriptedXrayApi.Call::op).containsExactly("add", "remove", "add");
        assertThat(api.calls()).extracting(ScriptedXrayApi.Call::uuid).containsOnly(sub.requestedUuid());
    }

    @Test
    void switchedOffProvisioningKeepsTheJobAndTellsTheCustomer() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        paid(30);
        ProvisioningWorker off = TestWorkers.worker(db, changes, api, telegram, Set.of(ADMIN), clock, false);
        off.runOnce();
        assertThat(api.calls()).isEmpty();
        assertThat(pending()).isEqualTo(1);
        assertThat(telegram.to(CUSTOMER)).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        worker(api).runOnce();
        assertThat(stored().hasKey()).isTrue();
    }

    @Test
    void staleRemoveThatFailedOnceNeverRemovesACustomerGrantedAgain() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        Subscription sub = paid(30);
        ProvisioningWorker worker = worker(api);
        worker.runOnce();
        db.useTransaction(h -> changes.revoke(h, CUSTOMER, clock.instant()));
        api.failRemoves(1);
        worker.runOnce();
        Subscription granted = db.inTransaction(h -> changes.extend(h, CUSTOMER, 30, "key.pending", clock.instant()));
        worker.runOnce();
        clock.advance(Duration.ofSeconds(3));
        worker.runOnce();

        assertThat(api.expiryOf(sub.requestedUuid()))
                .as("the API user stays active until the granted expiry")
                .contains(granted.expiresAt().toEpochMilli());
        assertThat(stored().hasKey()).isTrue();
        assertThat(pending()).isZero();
    }

    @Test
    void addUserAnsweringTheExpiryItAlreadyHeldIsFollowedByUpdateUser() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        Subscription sub = paid(30);
        long heldByApi = clock.instant().plus(Duration.ofDays(5)).toEpochMilli();
        // The API already holds this customer at an older expiry (e.g. the bot's database was restored).
        api.addUser(CUSTOMER, sub.requestedUuid(), heldByApi);

        worker(api).runOnce();

        assertThat(api.expiryOf(sub.requestedUuid())).contains(sub.expiresAt().toEpochMilli());
        assertThat(stored().provisionedExpiresAt()).isEqualTo(sub.expiresAt());
        assertThat(api.calls()).extracting(ScriptedXrayApi.Call::op).containsExactly("add", "add", "update");
    }

    @Test
    void expiredSubscriptionWithoutAKeyIsNeverAddedNorDelivered() {
        ScriptedXrayApi api = new ScriptedXrayApi();
        paid(1);
        clock.advance(Duration.ofDays(2));
        worker(api).runOnce();
        // No add and no update; only the remove that clears a key an add with a lost answer might have left.
        assertThat(api.calls()).extracting(ScriptedXrayApi.Call::op).containsOnly("remove");
        assertThat(api.expiryOf(stored().requestedUuid())).isEmpty();
        assertThat(telegram.to(CUSTOMER)).isEmpty();
        assertThat(pending()).isZero();
    }
}
