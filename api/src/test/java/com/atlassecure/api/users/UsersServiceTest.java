package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.store.UserStore;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.support.MutableClock;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.AddUserResponse;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.contract.users.UpdateUserResponse;
import com.atlassecure.contract.users.UserState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @TempDir
    Path dir;

    private final FakeXrayControl xray = new FakeXrayControl();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final List<String> removed = new ArrayList<>();
    private UserStore store;
    private UsersService users;

    @BeforeEach
    void open() {
        store = UserStore.open(dir, xray, TAG);
        users = new UsersService(
                store, xray, LINK, clock, removed::add, new SweepGuard(clock, clock::monotonicNanos, 100));
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
        assertThat(store.view().byUuid(U1)).isEmpty();
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
        assertThat(xray.live("user_recovered_22222222").orElseThrow().id()).isEqualTo(U2);
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
                store, xray, LINK, clock, removed::add, new SweepGuard(clock, clock::monotonicNanos, 10));
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
