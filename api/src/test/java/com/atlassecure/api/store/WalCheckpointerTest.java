package com.atlassecure.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.users.UserState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void checkpointCopiesEveryFrameTheWriterLeft() throws SQLException {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), null)) {
            commitOneByOne(users, 200);

            WalCheckpointer.Result result = checkpointer.checkpointNow();

            assertThat(result.walFrames()).isPositive();
            assertThat(result.copiedFrames()).isEqualTo(result.walFrames());
        }
    }

    @Test
    void walStartsOverOnceEveryFrameIsCopied() throws SQLException {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), null)) {
            commitOneByOne(users, 300);
            int before = checkpointer.checkpointNow().walFrames();

            commitOneByOne(users, 1);

            assertThat(checkpointer.checkpointNow().walFrames()).isLessThan(20).isLessThan(before);
        }
        try (SqliteUsers reopened = new SqliteUsers(dir)) {
            assertThat(reopened.loadAll()).hasSize(301);
        }
    }

    @Test
    void writerStillBoundsTheWalWhenNoCheckpointThreadRuns() throws SQLException {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), null)) {
            // Several times the writer's threshold in single-row commits, with no background checkpoint at all.
            commitOneByOne(users, 1_500);

            int frames = checkpointer.checkpointNow().walFrames();

            assertThat(frames).isLessThan(SqliteUsers.WRITER_CHECKPOINT_FRAMES + 20);
        }
    }

    @Test
    void threadCopiesFramesIntoTheDatabaseSoonAfterACommit() throws Exception {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), Duration.ofMillis(5))) {
            long emptySize = Files.size(users.file());
            // Fewer frames than the writer's own threshold: only the thread can put these pages into users.db.
            for (int i = 0; i < 100; i++) {
                commitOneByOne(users, 1);
                checkpointer.committed();
            }

            awaitTrue(() -> Files.size(users.file()) > emptySize);

            assertThat(Files.size(users.file())).isGreaterThan(emptySize);
        }
    }

    @Test
    void threadSleepsWhileNothingIsCommitted() throws Exception {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), Duration.ofMillis(1))) {
            commitOneByOne(users, 1);
            checkpointer.committed();
            awaitTrue(() -> checkpointer.wakeups() == 1);

            Thread.sleep(100); // a hundred pauses: a thread on a timer would have woken many times

            assertThat(checkpointer.wakeups()).isEqualTo(1);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.holds() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void commitOneByOne(SqliteUsers users, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            String uuid = UUID.randomUUID().toString();
            long telegramId = 1_000_000L + (uuid.hashCode() & 0x7fffffffL);
            users.commit(List.of(new RowWrite.Upsert(
                    new UserRecord(uuid, telegramId, "user_" + uuid, 1_900_000_000_000L, UserState.active, 1L, 1L))));
        }
    }
}
