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
    void commitsLeaveCheckpointsToTheCheckpointer() throws SQLException {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), null)) {
            commitOneByOne(users, 600);

            WalCheckpointer.Result first = checkpointer.checkpointNow();

            // SQLite's default would have checkpointed inside a commit at 1,000 frames and started the WAL over.
            assertThat(first.walFrames()).isGreaterThan(1_000);
            assertThat(first.copiedFrames()).isEqualTo(first.walFrames());
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
    void writerBoundsTheWalWhenNoCheckpointRuns() throws SQLException {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), null)) {
            // Enough single-row commits to write well past the backstop, with no background checkpoint at all.
            commitOneByOne(users, 4_500);

            int frames = checkpointer.checkpointNow().walFrames();

            assertThat(frames).isLessThan(SqliteUsers.BACKSTOP_CHECKPOINT_FRAMES + 100);
        }
    }

    @Test
    void timerCopiesFramesIntoTheDatabaseWhileCommitsArrive() throws Exception {
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), Duration.ofMillis(20))) {
            long emptySize = Files.size(users.file());
            for (int i = 0; i < 200; i++) {
                commitOneByOne(users, 1);
                checkpointer.committed();
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(users.file()) <= emptySize && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            // Only a checkpoint writes pages into users.db itself; commits write to the WAL.
            assertThat(Files.size(users.file())).isGreaterThan(emptySize);
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
