package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.AddUserResponse;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UpdateUserResponse;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.validation.ContractViolation;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user rules (idempotency, conflicts, recovery, expiry) over a real SQLite store and an in-memory Xray. */
class UsersServiceTest {
    private static final String TAG = "vless-reality";
    private static final String U1 = "11111111-1111-4111-8111-111111111111";
    private static final String U2 = "22222222-2222-4222-8222-222222222222";
    private static final LinkParameters LINK =
            new LinkParameters("vpn.example.com", 4443, "www.example.com", "pbk", "abcd", "chrome", "Atlas");

    /** The production defaults (API_MAX_EXPIRY_DAYS, API_MAX_USERS). */
    static final UserLimits LIMITS = new UserLimits(Duration.ofDays(ApiSettings.DEFAULT_MAX_EXPIRY_DAYS), 150_000);

    @TempDir
    Path dir;

    private final FakeXrayControl xray = new FakeXrayControl();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final List<String> removed = new ArrayList<>();
    private UserLedger store;
    private UsersService users;

    @BeforeEach
    void open() {
        store = UserLedger.open(dir, xray, TAG);
        users = new UsersService(
                store, xray, LINK, clock, removed::add, LIMITS, new SweepGuard(clock, clock::monotonicNanos, 100));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long inDays(int days) {
        return clock.millis() + Duration.ofDays(days).toMillis();
    }

    @Test
    void addUserIsIdempotentForTheSameUuidAndTelegramId() {
        AddUserResponse first = users.addUser(new AddUserRequest(42, U1, inDays(30)));
        AddUserResponse again = users.addUser(new AddUserRequest(42, U1, inDays(30)));

        assertThat(again).isEqualTo(first);
        assertThat(first.email()).isEqualTo("user_42");
        assertThat(first.vlessLink()).contains(U1).contains("flow=xtls-rprx-vision");
        assertThat(xray.live("user_42").orElseThrow().flow()).isEqualTo("xtls-rprx-vision");
    }

    @Test
    void addUserWithALaterExpiryExtendsTheActiveUserLiveAndDurably() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));

        AddUserResponse extended = users.addUser(new AddUserRequest(42, U1, inDays(60)));

        assertThat(extended.expiryTimestampMs()).isEqualTo(inDays(60));
        assertThat(store.view().byUuid(U1).orElseThrow().expiryMs()).isEqualTo(inDays(60));
        assertThat(xray.live("user_42").orElseThrow().id()).isEqualTo(U1);
        store.close();
        store = UserLedger.open(dir, xray, TAG);
        assertThat(store.view().byUuid(U1).orElseThrow().expiryMs())
                .as("the extension is committed, not only in memory")
                .isEqualTo(inDays(60));
    }

    @Test
    void addUserWithAnEarlierExpiryNeverShortensTheStoredOne() {
        users.addUser(new AddUserRequest(42, U1, inDays(60)));

        AddUserResponse replayed = users.addUser(new AddUserRequest(42, U1, inDays(30)));

        assertThat(replayed.expiryTimestampMs()).isEqualTo(inDays(60));
        assertThat(store.view().byUuid(U1).orElseThrow().expiryMs()).isEqualTo(inDays(60));
    }

    @Test
    void addUserReplayedAfterAnExtensionAnswersTheSameExtendedUser() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        AddUserResponse extended = users.addUser(new AddUserRequest(42, U1, inDays(60)));
        int addsBefore = xray.adds.get();

        AddUserResponse again = users.addUser(new AddUserRequest(42, U1, inDays(60)));

        assertThat(again).isEqualTo(extended);
        assertThat(xray.adds.get())
                .as("a replay of a live user only looks it up")
                .isEqualTo(addsBefore);
    }

    @Test
    void theSameUuidForAnotherTelegramIdIsRefusedWith409() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));

        assertThatThrownBy(() -> users.addUser(new AddUserRequest(43, U1, inDays(30))))
                .isInstanceOfSatisfying(
                        UserRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UUID_CONFLICT));
        assertThat(xray.live("user_43")).isEmpty();
    }

    @Test
    void aSecondActiveUuidForOneTelegramIdIsRefusedButARemovedOneFreesTheEmail() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        assertThatThrownBy(() -> users.addUser(new AddUserRequest(42, U2, inDays(30))))
                .isInstanceOf(UserRefusedException.class);

        users.removeUser(new RemoveUserRequest(U1));
        AddUserResponse second = users.addUser(new AddUserRequest(42, U2, inDays(30)));

        assertThat(second.email()).isEqualTo("user_42");
        assertThat(xray.live("user_42").orElseThrow().id()).isEqualTo(U2);
        // Decision 0016: the removed row is re-keyed, not deleted (it was deleted before), so it keeps its history.
        assertThat(store.view().byUuid(U1).orElseThrow().email()).isNotEqualToIgnoringCase("user_42");
        assertThat(store.view().byUuid(U1).orElseThrow().state()).isEqualTo(UserState.removed);
    }

    @Test
    void removeUserIsIdempotentAndTellsTheRemovalListener() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));

        assertThat(users.removeUser(new RemoveUserRequest(U1)).removed()).isTrue();
        assertThat(users.removeUser(new RemoveUserRequest(U1)).removed()).isFalse();
        assertThat(users.removeUser(new RemoveUserRequest(U2)).removed()).isFalse();
        assertThat(removed).containsExactly("user_42");
        assertThat(xray.live("user_42")).isEmpty();
        assertThat(store.view().byUuid(U1).orElseThrow().state()).isEqualTo(UserState.removed);
    }

    @Test
    void updateOfALiveUserIsNotARecoveryButAUserLostByXrayIs() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        int addsBefore = xray.adds.get();
        UpdateUserResponse plain = users.updateUser(new UpdateUserRequest(U1, inDays(60), null));
        assertThat(xray.adds.get())
                .as("a live user is looked up, not re-added and refused: one gRPC call per update")
                .isEqualTo(addsBefore);
        xray.removeUser(TAG, "user_42");
        UpdateUserResponse lost = users.updateUser(new UpdateUserRequest(U1, inDays(90), null));

        assertThat(plain.recovered()).isFalse();
        assertThat(lost.recovered()).isTrue();
        assertThat(xray.live("user_42").orElseThrow().flow()).isEqualTo("xtls-rprx-vision");
        assertThat(store.view().byUuid(U1).orElseThrow().expiryMs()).isEqualTo(inDays(90));
    }

    @Test
    void updateReplacesALiveClientWithoutFlow() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        xray.removeUser(TAG, "user_42");
        xray.putBehindTheBack(new XrayUser(U1, "user_42", "", 0));

        assertThat(users.updateUser(new UpdateUserRequest(U1, inDays(60), null)).recovered())
                .isTrue();
        assertThat(xray.live("user_42").orElseThrow().flow()).isEqualTo("xtls-rprx-vision");
    }

    @Test
    void updateOfAnUnknownUuidUsesTheTelegramEmailOrTheRecoveredOne() {
        assertThat(users.updateUser(new UpdateUserRequest(U1, inDays(30), 77L)).recovered())
                .isTrue();
        assertThat(users.updateUser(new UpdateUserRequest(U2, inDays(30), null)).recovered())
                .isTrue();

        assertThat(xray.live("user_77").orElseThrow().id()).isEqualTo(U1);
        // Decision 0016: the recovered email is distinct per uuid (it was user_recovered_22222222 before).
        assertThat(UserCommands.recoveredEmail(U2)).startsWith("user_recovered_22222222_");
        assertThat(xray.live(UserCommands.recoveredEmail(U2)).orElseThrow().id())
                .isEqualTo(U2);
    }

    private static final String U3 = "33333333-1111-4111-8111-111111111111";
    private static final String U4 = "33333333-2222-4222-8222-222222222222";

    @Test
    void updateOfTwoUnknownUuidsSharingTheirFirst8HexRecoversBothUnderDistinctEmails() {
        assertThat(users.updateUser(new UpdateUserRequest(U3, inDays(30), null)).recovered())
                .isTrue();
        assertThat(users.updateUser(new UpdateUserRequest(U4, inDays(30), null)).recovered())
                .isTrue();

        String e3 = store.view().byUuid(U3).orElseThrow().email();
        String e4 = store.view().byUuid(U4).orElseThrow().email();
        assertThat(e3).isNotEqualToIgnoringCase(e4);
        assertThat(xray.live(e3).orElseThrow().id()).isEqualTo(U3);
        assertThat(xray.live(e4).orElseThrow().id()).isEqualTo(U4);
    }

    @Test
    void aRecoveredEmailNeverHoldsTheWholeUuidBecauseEmailsAreLogged() {
        users.updateUser(new UpdateUserRequest(U3, inDays(30), null));

        String email = store.view().byUuid(U3).orElseThrow().email();
        assertThat(email).startsWith("user_recovered_33333333").doesNotContain(U3.substring(9));
    }

    @Test
    void recoveringAUuidWhoseShortFormIsHeldByARemovedOneKeepsTheRemovedRow() {
        users.updateUser(new UpdateUserRequest(U3, inDays(30), null));
        users.removeUser(new RemoveUserRequest(U3));

        users.updateUser(new UpdateUserRequest(U4, inDays(30), null));

        assertThat(store.view().byUuid(U3).orElseThrow().state()).isEqualTo(UserState.removed);
        assertThat(store.view().byUuid(U4).orElseThrow().state()).isEqualTo(UserState.active);
    }

    @Test
    void freeingAnEmailReKeysTheOldRowSoItsUuidStaysWithItsTelegramIdForEver() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        users.removeUser(new RemoveUserRequest(U1));
        users.addUser(new AddUserRequest(42, U2, inDays(30)));

        assertThat(store.view().byUuid(U1).orElseThrow())
                .satisfies(r -> assertThat(r.telegramId()).isEqualTo(42L))
                .satisfies(r -> assertThat(r.state()).isEqualTo(UserState.removed))
                .satisfies(r -> assertThat(r.email()).isNotEqualToIgnoringCase("user_42"));
        assertThatThrownBy(() -> users.addUser(new AddUserRequest(43, U1, inDays(30))))
                .isInstanceOfSatisfying(
                        UserRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UUID_CONFLICT));
        assertThatThrownBy(() -> users.updateUser(new UpdateUserRequest(U1, inDays(30), 43L)))
                .isInstanceOfSatisfying(
                        UserRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UUID_CONFLICT));
        assertThat(xray.live("user_43")).isEmpty();
        store.close();
        store = UserLedger.open(dir, xray, TAG);
        assertThat(store.view().byUuid(U1).orElseThrow().telegramId())
                .as("the re-keyed row is committed")
                .isEqualTo(42L);
    }

    @Test
    void aReKeyedUserAddedAgainTakesItsTelegramEmailBack() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        users.removeUser(new RemoveUserRequest(U1));
        users.addUser(new AddUserRequest(42, U2, inDays(30)));
        users.removeUser(new RemoveUserRequest(U2));

        AddUserResponse back = users.addUser(new AddUserRequest(42, U1, inDays(30)));

        assertThat(back.email()).isEqualTo("user_42");
        assertThat(xray.live("user_42").orElseThrow().id()).isEqualTo(U1);
        assertThat(store.view().byUuid(U2).orElseThrow().state()).isEqualTo(UserState.removed);
        assertThat(store.view().size()).isEqualTo(2);
    }

    @Test
    void updateRecoversARemovedUserUnderItsOwnTelegramEmailOnly() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        users.removeUser(new RemoveUserRequest(U1));
        users.addUser(new AddUserRequest(42, U2, inDays(30)));
        users.removeUser(new RemoveUserRequest(U2));

        UpdateUserResponse recovered = users.updateUser(new UpdateUserRequest(U1, inDays(30), null));

        assertThat(recovered.recovered()).isTrue();
        assertThat(store.view().byUuid(U1).orElseThrow().email()).isEqualTo("user_42");
        assertThat(xray.live("user_42").orElseThrow().id()).isEqualTo(U1);
    }

    @Test
    void anUpdateWhoseExpiryHasPassedNeverBringsAnInactiveOrUnknownUserLive() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));
        users.removeUser(new RemoveUserRequest(U1));

        UpdateUserResponse refunded = users.updateUser(new UpdateUserRequest(U1, clock.millis(), 42L));
        UpdateUserResponse unknown = users.updateUser(new UpdateUserRequest(U2, clock.millis() - 1, 43L));

        assertThat(refunded.recovered()).isFalse();
        assertThat(unknown.recovered()).isFalse();
        assertThat(xray.live("user_42")).isEmpty();
        assertThat(xray.live("user_43")).isEmpty();
        assertThat(store.view().byUuid(U1).orElseThrow())
                .satisfies(r -> assertThat(r.state()).isEqualTo(UserState.removed))
                .satisfies(r -> assertThat(r.expiryMs()).isEqualTo(clock.millis()));
        assertThat(store.view().byUuid(U2).orElseThrow())
                .as("kept, so that the uuid stays bound to its telegram_id")
                .satisfies(r -> assertThat(r.state()).isEqualTo(UserState.expired))
                .satisfies(r -> assertThat(r.telegramId()).isEqualTo(43L));
        assertThat(store.view().activeCount()).isZero();
    }

    @Test
    void anExpiryBeyondTheHorizonIsRefusedWith422AndChangesNothing() {
        users.addUser(new AddUserRequest(42, U1, inDays(30)));

        for (Runnable call : List.<Runnable>of(
                () -> users.addUser(new AddUserRequest(43, U2, inDays(1831))),
                () -> users.addUser(new AddUserRequest(42, U1, inDays(1831))),
                () -> users.updateUser(new UpdateUserRequest(U1, inDays(1831), null)),
                () -> users.updateUser(new UpdateUserRequest(U3, inDays(1831), 44L)))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(
                            ContractViolation.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EXPIRY))
                    .hasMessageContaining("1830 days")
                    .hasMessageContaining("API_MAX_EXPIRY_DAYS");
        }

        assertThat(store.view().size()).isEqualTo(1);
        assertThat(store.view().byUuid(U1).orElseThrow().expiryMs()).isEqualTo(inDays(30));
        assertThat(xray.live("user_43")).isEmpty();
        assertThat(users.updateUser(new UpdateUserRequest(U1, inDays(400), null))
                        .expiryTimestampMs())
                .isEqualTo(inDays(400));
    }

    @Test
    void atTheMaximumOfActiveUsersOnlyActivationsAreRefusedWithCapacityExhausted() {
        UsersService full = new UsersService(
                store,
                xray,
                LINK,
                clock,
                removed::add,
                new UserLimits(Duration.ofDays(ApiSettings.DEFAULT_MAX_EXPIRY_DAYS), 2),
                new SweepGuard(clock, clock::monotonicNanos, 100));
        full.addUser(new AddUserRequest(1, U1, inDays(30)));
        full.addUser(new AddUserRequest(2, U2, inDays(30)));

        assertCapacityExhausted(() -> full.addUser(new AddUserRequest(3, U3, inDays(30))));
        assertCapacityExhausted(() -> full.updateUser(new UpdateUserRequest(U4, inDays(30), 4L)));
        assertThat(full.addUser(new AddUserRequest(1, U1, inDays(60))).expiryTimestampMs())
                .as("an active user is still extended")
                .isEqualTo(inDays(60));
        assertThat(full.updateUser(new UpdateUserRequest(U2, inDays(60), 2L)).recovered())
                .isFalse();
        assertThat(store.view().byUuid(U3)).isEmpty();
        assertThat(store.view().byUuid(U4)).isEmpty();
        assertThat(xray.live("user_3")).isEmpty();

        full.removeUser(new RemoveUserRequest(U2));
        assertThat(full.addUser(new AddUserRequest(3, U3, inDays(30))).email()).isEqualTo("user_3");
        assertCapacityExhausted(() -> full.updateUser(new UpdateUserRequest(U2, inDays(30), 2L)));
        assertThat(store.view().activeCount()).isEqualTo(2);
    }

    @Test
    void activationsDecidedInOneBatchCannotOvershootTheMaximum() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // Holds the writer, so every add below is queued and then decided in one batch against the same commit.
        CompletableFuture<Boolean> held = store.exclusive(v -> {
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        List<CompletableFuture<UserRecord>> adds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String uuid = "0000000" + i + "-0000-4000-8000-000000000000";
            long telegramId = 100 + i;
            long expiry = inDays(30);
            long now = clock.millis();
            adds.add(store.submit(view -> UserCommands.add(view, uuid, telegramId, expiry, now, 3, r -> r)));
        }
        release.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS)).isTrue();

        int added = 0;
        int refused = 0;
        for (CompletableFuture<UserRecord> add : adds) {
            try {
                add.get(30, TimeUnit.SECONDS);
                added++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(UserRefusedException.class);
                assertThat(((UserRefusedException) e.getCause()).code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                refused++;
            }
        }
        assertThat(added).isEqualTo(3);
        assertThat(refused).isEqualTo(3);
        assertThat(store.view().activeCount()).isEqualTo(3);
        assertThat(xray.listUsers(TAG)).hasSize(3);
    }

    private static void assertCapacityExhausted(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        UserRefusedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED))
                .hasMessageContaining("API_MAX_USERS");
    }

    @Test
    void theSweepRemovesOnlyUsersWhoseExpiryPassed() {
        users.addUser(new AddUserRequest(1, U1, clock.millis() + 1_000));
        users.addUser(new AddUserRequest(2, U2, inDays(1)));
        assertThat(users.expireDue()).isZero();

        clock.advance(Duration.ofHours(1));

        assertThat(users.expireDue()).isEqualTo(1);
        assertThat(xray.live("user_1")).isEmpty();
        assertThat(xray.live("user_2")).isPresent();
        assertThat(removed).containsExactly("user_1");
        assertThat(users.user(U1).state()).isEqualTo(UserState.expired);
    }

    @Test
    void aSweepThatWouldExpireMoreThanTheAllowedShareRemovesNobodyUntilTheOperatorRaisesIt() {
        UsersService capped = new UsersService(
                store, xray, LINK, clock, removed::add, LIMITS, new SweepGuard(clock, clock::monotonicNanos, 10));
        for (int i = 0; i < SweepGuard.ALWAYS_ALLOWED + 5; i++) {
            capped.addUser(
                    new AddUserRequest(100 + i, java.util.UUID.randomUUID().toString(), clock.millis() + 1_000));
        }
        clock.advance(Duration.ofHours(1));

        assertThat(capped.expireDue())
                .as("25 of 25 active at once: over the 10% cap")
                .isZero();
        assertThat(removed).isEmpty();
        assertThat(users.expireDue())
                .as("with EXPIRY_SWEEP_MAX_PERCENT=100 they go")
                .isEqualTo(25);
    }

    @Test
    void aWallClockJumpAheadOfTheMonotonicClockRefusesTheSweepUntilTheClockIsBack() {
        users.addUser(new AddUserRequest(1, U1, inDays(30)));

        clock.jump(Duration.ofDays(40));
        assertThat(users.expireDue()).isZero();
        assertThat(removed).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(users.expireDue())
                .as("still refused: the jump is still there")
                .isZero();

        clock.jump(Duration.ofDays(-40));
        assertThat(users.expireDue()).isZero();
        assertThat(users.user(U1).state()).isEqualTo(UserState.active);
        clock.advance(Duration.ofDays(31));
        assertThat(users.expireDue()).as("real time passing still expires").isEqualTo(1);
    }

    @Test
    void whenXrayIsDownAddFailsAndNothingIsStored() {
        xray.unavailable = true;

        assertThatThrownBy(() -> users.addUser(new AddUserRequest(42, U1, inDays(30))))
                .isInstanceOf(XrayUnavailableException.class);
        assertThat(store.view().size()).isZero();
    }
}
