package com.atlassecure.bot.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.admin.BroadcastRepository;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.customers.ReferralRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.payments.Order;
import com.atlassecure.bot.payments.Payment;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repository suite (the outbox's own is {@code provisioning.OutboxContract}). It runs unchanged against SQLite ({@code StorageSqliteTest}) and a real PostgreSQL ({@code
 * StoragePostgresIT}), because production uses both and their SQL differs in the details that matter here:
 * upserts, RETURNING, and row locking.
 */
abstract class StorageContract {
    static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");
    static final String UUID_A = "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e";
    static final String UUID_B = "1c7b4d2f-0b66-4a1d-9e2f-3a2b7c8d9e0f";

    Database db;
    final Deque<UUID> uuids = new ArrayDeque<>();
    final CustomerRepository customers = new CustomerRepository();
    final ReferralRepository referrals = new ReferralRepository();
    final SubscriptionRepository subscriptions = new SubscriptionRepository(uuids::pop);
    final PaymentRepository payments = new PaymentRepository();
    final BroadcastRepository broadcasts = new BroadcastRepository();

    abstract Database open() throws Exception;

    void closeDatabase() throws Exception {}

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        uuids.add(UUID.fromString(UUID_A));
        uuids.add(UUID.fromString(UUID_B));
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        closeDatabase();
    }

    boolean yes(HandleCallback<Boolean, RuntimeException> callback) {
        return db.inTransaction(callback);
    }

    long num(HandleCallback<Long, RuntimeException> callback) {
        return db.withHandle(callback);
    }

    <T> List<T> list(HandleCallback<List<T>, RuntimeException> callback) {
        return db.withHandle(callback);
    }

    void user(long id) {
        db.useTransaction(h -> customers.upsert(h, id, Language.EN, "N" + id, "u" + id, T0));
    }

    @Test
    void upsertRefreshesLanguageAndClearsABlock() {
        user(1);
        db.useTransaction(h -> customers.markBlocked(h, 1, T0));
        db.useTransaction(h -> customers.upsert(h, 1, Language.RU, "Ivan", null, T0.plusSeconds(5)));
        var c = db.withHandle(h -> customers.find(h, 1)).orElseThrow();
        assertThat(c.language()).isEqualTo(Language.RU);
        assertThat(c.firstName()).isEqualTo("Ivan");
        assertThat(c.blockedAt()).isNull();
        assertThat(c.createdAt()).isEqualTo(T0);
    }

    @Test
    void trialCanBeClaimedOnceEver() {
        user(1);
        assertThat(yes(h -> customers.claimTrial(h, 1, T0))).isTrue();
        assertThat(yes(h -> customers.claimTrial(h, 1, T0.plusSeconds(1)))).isFalse();
        assertThat(num(h -> customers.countTrials(h))).isEqualTo(1);
    }

    @Test
    void extendCountsFromNowForNewOrLapsedAccessAndFromExpiryForActiveAccess() {
        user(1);
        Subscription first = db.inTransaction(h -> subscriptions.extend(h, 1, 3, T0));
        assertThat(first.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
        assertThat(first.requestedUuid()).isEqualTo(UUID_A);
        assertThat(first.hasKey()).isFalse();

        Subscription renewed = db.inTransaction(h -> subscriptions.extend(h, 1, 30, T0.plus(Duration.ofDays(1))));
        assertThat(renewed.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(33)));

        Instant muchLater = T0.plus(Duration.ofDays(100));
        Subscription lapsed = db.inTransaction(h -> subscriptions.extend(h, 1, 30, muchLater));
        assertThat(lapsed.expiresAt()).isEqualTo(muchLater.plus(Duration.ofDays(30)));
        assertThat(lapsed.requestedUuid())
                .as("the UUID is chosen once per subscription")
                .isEqualTo(UUID_A);
    }

    @Test
    void aSubscriptionServesTheCurrentUuidsKeysOnNodesNotDownWithTheirConfigsAsStored() {
        user(1);
        db.useTransaction(h -> subscriptions.extend(h, 1, 3, T0));
        db.useTransaction(h -> {
            h.execute("INSERT INTO nodes (name, country, url, health) VALUES ('de-1', 'DE', 'https://a', 'up'),"
                    + " ('nl-1', 'NL', 'https://b', 'down')");
            subscriptions.recordProvisioned(h, 1, "de-1", UUID_A, "link-de", "{\"sing_box\":{}}", T0, T0);
            subscriptions.recordProvisioned(h, 1, "nl-1", UUID_A, "link-nl", null, T0, T0);
            subscriptions.recordProvisioned(h, 1, "main", UUID_A, "link-main", null, T0, T0);
        });

        List<SubscriptionRepository.ServedKey> served = db.withHandle(h -> subscriptions.servedKeys(h, 1, UUID_A));
        assertThat(served)
                .containsExactly(
                        new SubscriptionRepository.ServedKey("de-1", "link-de", "{\"sing_box\":{}}"),
                        new SubscriptionRepository.ServedKey("main", "link-main", null));

        String fresh = db.inTransaction(h -> subscriptions.rotateUuid(h, 1, T0));
        assertThat(fresh).isEqualTo(UUID_B);
        assertThat(db.withHandle(h -> subscriptions.access(h, 1)).orElseThrow().fleetUuid())
                .isEqualTo(UUID_B);
        List<SubscriptionRepository.ServedKey> none = db.withHandle(h -> subscriptions.servedKeys(h, 1, UUID_B));
        assertThat(none).as("no node holds the new uuid yet").isEmpty();
    }

    @Test
    void aFailedStatementNamesItsSqlButNeverItsBoundValues() {
        user(1);
        user(2);
        String token = "secretTokenValueNeverLogged";
        db.useTransaction(h -> h.execute("INSERT INTO sub_tokens (user_id, token, issued_at) VALUES (1, ?, 0)", token));

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> db.useTransaction(
                h -> h.createUpdate("INSERT INTO sub_tokens (user_id, token, issued_at) VALUES (:id, :token, 0)")
                        .bind("id", 2)
                        .bind("token", token)
                        .execute()));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("INSERT INTO sub_tokens").doesNotContain(token);
    }

    @Test
    void aReissuedTokenMakesTheOldOneUnknown() {
        user(1);
        user(2);
        SubscriptionTokens tokens = new SubscriptionTokens();
        String first = db.inTransaction(h -> tokens.tokenFor(h, 1, T0));
        String again = db.inTransaction(h -> tokens.tokenFor(h, 1, T0));
        assertThat(again).isEqualTo(first);
        String other = db.inTransaction(h -> tokens.tokenFor(h, 2, T0));

        String second = db.inTransaction(h -> tokens.reissue(h, 1, T0));

        assertThat(second).isNotEqualTo(first);
        Optional<Long> firstOwner = db.withHandle(h -> tokens.owner(h, first));
        Optional<Long> secondOwner = db.withHandle(h -> tokens.owner(h, second));
        Optional<Long> otherOwner = db.withHandle(h -> tokens.owner(h, other));
        Optional<Long> injected = db.withHandle(h -> tokens.owner(h, "' OR 1=1 --"));
        assertThat(firstOwner).isEmpty();
        assertThat(secondOwner).contains(1L);
        assertThat(otherOwner).contains(2L);
        assertThat(injected).isEmpty();
    }

    @Test
    void provisionedKeyIsStoredExactlyAndClearedKeyKeepsTheRequestedUuid() {
        user(1);
        db.useTransaction(h -> subscriptions.extend(h, 1, 3, T0));
        String link = "opaque link text as returned ?x=1&y=2#R";
        db.useTransaction(
                h -> subscriptions.recordProvisioned(h, 1, "main", UUID_A, link, T0.plus(Duration.ofDays(3)), T0));
        Subscription s = db.withHandle(h -> subscriptions.find(h, 1)).orElseThrow();
        assertThat(s.vlessLink()).isEqualTo(link);
        assertThat(s.uuid()).isEqualTo(UUID_A);
        assertThat(s.inSync()).isTrue();
        assertThat(s.toString()).doesNotContain(link).doesNotContain(UUID_A);

        db.useTransaction(h -> subscriptions.clearKey(h, 1, "main", T0));
        Subscription cleared = db.withHandle(h -> subscriptions.find(h, 1)).orElseThrow();
        assertThat(cleared.hasKey()).isFalse();
        assertThat(cleared.requestedUuid()).isEqualTo(UUID_A);
    }

    @Test
    void aChargeIdIsRecordedOnceAndRefundedOnce() {
        user(1);
        db.useTransaction(h -> payments.createOrder(h, new Order("o1", 1, "m1", 30, 100, T0, null)));
        Payment p = new Payment("charge-1", "", "o1", 1, 100, "XTR", 30, T0, null);
        assertThat(yes(h -> payments.insertIfNew(h, p))).isTrue();
        assertThat(yes(h -> payments.insertIfNew(h, p))).isFalse();
        assertThat(num(h -> payments.countForUser(h, 1))).isEqualTo(1);
        assertThat(num(h -> payments.revenueStars(h))).isEqualTo(100);
        assertThat(num(h -> payments.countSince(h, T0))).isEqualTo(1);

        assertThat(yes(h -> payments.markRefunded(h, "charge-1", T0))).isTrue();
        assertThat(yes(h -> payments.markRefunded(h, "charge-1", T0))).isFalse();
        assertThat(num(h -> payments.revenueStars(h))).isZero();
        assertThat(db.withHandle(h -> payments.findByCharge(h, "charge-1"))
                        .orElseThrow()
                        .refundedAt())
                .isEqualTo(T0);
    }

    @Test
    void orderIsMarkedPaidOnce() {
        user(1);
        db.useTransaction(h -> payments.createOrder(h, new Order("o1", 1, "m3", 90, 270, T0, null)));
        db.useTransaction(h -> payments.markOrderPaid(h, "o1", T0.plusSeconds(1)));
        db.useTransaction(h -> payments.markOrderPaid(h, "o1", T0.plusSeconds(9)));
        Order o = db.withHandle(h -> payments.findOrder(h, "o1")).orElseThrow();
        assertThat(o.paidAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(o.days()).isEqualTo(90);
    }

    @Test
    void referralIsRecordedOnceAndNeverForOneself() {
        user(1);
        user(2);
        assertThat(yes(h -> referrals.record(h, 2, 1, T0))).isTrue();
        assertThat(yes(h -> referrals.record(h, 2, 3, T0))).isFalse();
        assertThat(yes(h -> referrals.record(h, 1, 1, T0))).isFalse();
        assertThat(db.<java.util.Optional<Long>>withHandle(h -> referrals.referrerOf(h, 2)))
                .contains(1L);
        assertThat(num(h -> referrals.countReferredBy(h, 1))).isEqualTo(1);
    }

    @Test
    void broadcastCursorSkipsBlockedUsersAndResumesAfterTheLastOneHandled() {
        for (long id = 1; id <= 5; id++) {
            user(id);
        }
        db.useTransaction(h -> customers.markBlocked(h, 3, T0));
        long b = db.inTransaction(h -> broadcasts.create(h, "hello", 1, T0));
        assertThat(list(h -> customers.reachableAfter(h, 0, 10))).containsExactly(1L, 2L, 4L, 5L);
        db.useTransaction(h -> broadcasts.advance(h, b, 2, 1, 0, 0));
        var state = db.withHandle(h -> broadcasts.find(h, b)).orElseThrow();
        assertThat(state.cursorUserId()).isEqualTo(2);
        assertThat(list(h -> customers.reachableAfter(h, state.cursorUserId(), 10)))
                .containsExactly(4L, 5L);
        assertThat(list(h -> broadcasts.unfinished(h))).containsExactly(b);
        db.useTransaction(h -> broadcasts.finish(h, b, T0));
        assertThat(list(h -> broadcasts.unfinished(h))).isEmpty();
    }

    @Test
    void activeCountAndExpiringWindowUseTheExpiry() {
        user(1);
        user(2);
        db.useTransaction(h -> subscriptions.extend(h, 1, 2, T0));
        db.useTransaction(h -> subscriptions.extend(h, 2, 10, T0));
        db.useTransaction(h -> subscriptions.recordProvisioned(h, 1, "main", UUID_A, "x", T0, T0));
        db.useTransaction(h -> subscriptions.recordProvisioned(h, 2, "main", UUID_B, "y", T0, T0));
        assertThat(num(h -> subscriptions.countActive(h, T0))).isEqualTo(2);
        assertThat(num(h -> subscriptions.countActive(h, T0.plus(Duration.ofDays(5)))))
                .isEqualTo(1);
        assertThat(list(h -> subscriptions.expiringBetween(h, T0, T0.plus(Duration.ofDays(3)))))
                .extracting(Subscription::userId)
                .containsExactly(1L);
    }
}
