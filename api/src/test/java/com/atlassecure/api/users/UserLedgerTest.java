package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.api.store.RowWrite;
import com.atlassecure.api.store.SlowDisk;
import com.atlassecure.api.store.StoreException;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.contract.users.UserState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit semantics: shared commits, live-and-durable-or-neither, and durability across a reopen. */
class UserLedgerTest {
    private static final String TAG = "vless-reality";
    private final FakeXrayControl xray = new FakeXrayControl();

    private static Command<UserRecord> add(String uuid, String email) {
        return view -> {
            UserRecord r = new UserRecord(uuid, 1L, email, 2_000_000_000_000L, UserState.active, 1, 1);
            return new Plan<>(
                    Set.of(Plan.uuidKey(uuid), Plan.emailKey(email)),
                    List.of(new RowWrite.Upsert(r)),
                    new LiveOp.Add(new XrayUser(uuid, email, "xtls-rprx-vision", 0)),
                    outcome -> r);
        };
    }

    @Test
    void concurrentChangesShareCommits() throws Exception {
        SlowDisk committer = new SlowDisk();
        try (UserLedger store = UserLedger.over(committer.storage(), xray, TAG)) {
            List<CompletableFuture<UserRecord>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(store.submit(add("00000000-0000-4000-8000-" + String.format("%012d", i), "user_" + i)));
            }
            for (CompletableFuture<UserRecord> f : futures) {
                f.get();
            }

            assertThat(committer.sizes.stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(100);
            assertThat(committer.commits.get()).isLessThan(100);
            assertThat(store.view().activeCount()).isEqualTo(100);
            assertThat(xray.size()).isEqualTo(100);
        }
    }

    @Test
    void aGroupOfAThousandChangesIsCommittedInOneBatchDespiteTheQueueLimit() throws Exception {
        SlowDisk committer = new SlowDisk();
        try (UserLedger store = UserLedger.over(committer.storage(), xray, TAG)) {
            List<Command<?>> group = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                group.add(add("00000000-0000-4000-8000-" + String.format("%012d", 5000 + i), "user_" + (5000 + i)));
            }
            int commitsBefore = committer.commits.get();

            List<CompletableFuture<Object>> futures = store.submitAll(group);
            for (CompletableFuture<Object> f : futures) {
                f.get();
            }

            assertThat(committer.commits.get() - commitsBefore)
                    .as("one group commit")
                    .isEqualTo(1);
            assertThat(committer.sizes).contains(1000);
            assertThat(store.view().activeCount()).isEqualTo(1000);
            assertThat(xray.size()).isEqualTo(1000);
        }
    }

    @Test
    void executeRunsAnIdleStoresChangeOnTheCallersThreadAndQueuesBehindABusyOne() throws Exception {
        SlowDisk committer = new SlowDisk();
        try (UserLedger store = UserLedger.over(committer.storage(), xray, TAG)) {
            Command<UserRecord> first = add("00000000-0000-4000-8000-000000000010", "user_10");
            List<String> decidedOn = new ArrayList<>();
            CompletableFuture<UserRecord> idle = store.execute(view -> {
                decidedOn.add(Thread.currentThread().getName());
                return first.decide(view);
            });
            assertThat(idle).as("done before execute returned").isDone();
            assertThat(decidedOn).containsExactly(Thread.currentThread().getName());

            // An exclusive task holds the turn; a change executed meanwhile must wait for it, on the writer.
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Integer> busy = store.exclusive(view -> {
                gate.join();
                return 0;
            });
            Command<UserRecord> second = add("00000000-0000-4000-8000-000000000011", "user_11");
            CompletableFuture<UserRecord> queued;
            try {
                queued = store.execute(view -> {
                    decidedOn.add(Thread.currentThread().getName());
                    return second.decide(view);
                });
                assertThat(queued).as("waits behind the exclusive task").isNotDone();
            } finally {
                gate.complete(null); // a failed assertion must not leave the writer parked and close() waiting
            }
            busy.get();
            assertThat(queued.get().email()).isEqualTo("user_11");
            assertThat(decidedOn).last().isEqualTo("user-store-writer");
            assertThat(store.view().activeCount()).isEqualTo(2);
            assertThat(xray.size()).isEqualTo(2);
        }
    }

    @Test
    void whenXrayIsUnreachableNothingIsWritten() {
        SlowDisk committer = new SlowDisk();
        xray.unavailable = true;
        try (UserLedger store = UserLedger.over(committer.storage(), xray, TAG)) {
            CompletableFuture<UserRecord> f = store.submit(add("00000000-0000-4000-8000-000000000001", "user_1"));

            assertThatThrownBy(f::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(XrayUnavailableException.class);
            assertThat(committer.commits.get()).isZero();
            assertThat(store.view().size()).isZero();
        }
    }

    @Test
    void whenTheCommitFailsTheLiveChangeIsUndone() {
        SlowDisk committer = new SlowDisk();
        committer.fail = true;
        try (UserLedger store = UserLedger.over(committer.storage(), xray, TAG)) {
            CompletableFuture<UserRecord> f = store.submit(add("00000000-0000-4000-8000-000000000002", "user_2"));

            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreException.class);
            assertThat(xray.live("user_2")).as("the add was undone in Xray").isEmpty();
            assertThat(store.view().size()).isZero();
        }
    }

    @Test
    void aRefusalFailsOnlyItsOwnCommand() throws Exception {
        try (UserLedger store = UserLedger.over(new SlowDisk().storage(), xray, TAG)) {
            CompletableFuture<UserRecord> refused = store.submit(view -> {
                throw new IllegalStateException("conflict");
            });
            CompletableFuture<UserRecord> ok = store.submit(add("00000000-0000-4000-8000-000000000003", "user_3"));

            assertThat(ok.get().email()).isEqualTo("user_3");
            assertThatThrownBy(refused::get).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void commandsOnTheSameUserRunInOrderAcrossBatches() throws Exception {
        try (UserLedger store = UserLedger.over(new SlowDisk().storage(), xray, TAG)) {
            String uuid = "00000000-0000-4000-8000-000000000004";
            CompletableFuture<UserRecord> first = store.submit(add(uuid, "user_4"));
            // Decided against committed state: sees the add only if it ran in an earlier batch.
            CompletableFuture<Boolean> second = store.submit(view -> {
                boolean present = view.byUuid(uuid).isPresent();
                return new Plan<>(Set.of(Plan.uuidKey(uuid)), List.of(), LiveOp.NONE, outcome -> present);
            });
            first.get();

            assertThat(second.get()).isTrue();
        }
    }

    @Test
    void committedUsersSurviveAReopen(@TempDir Path dir) throws Exception {
        try (UserLedger store = UserLedger.open(dir, xray, TAG)) {
            store.submit(add("00000000-0000-4000-8000-000000000005", "user_5")).get();
        }
        try (UserLedger reopened = UserLedger.open(dir, xray, TAG)) {
            assertThat(reopened.view().byEmail("USER_5")).isPresent();
            assertThat(reopened.view().activeCount()).isEqualTo(1);
        }
    }
}
