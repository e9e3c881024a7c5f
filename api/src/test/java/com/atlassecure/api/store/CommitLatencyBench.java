package com.atlassecure.api.store;

import com.atlassecure.contract.users.UserState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Benchmark, not a test (decision 0011): commit latency of the user store at 100,000 rows with the writer's own
 * checkpoints alone (the baseline) and with the checkpoint thread as shipped, for one row per commit (one caller)
 * and 20 (a group commit under many callers). Run with
 * {@code ./mvnw -q -pl api -am test-compile && ./mvnw -q -pl api exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.atlassecure.api.store.CommitLatencyBench}.
 */
final class CommitLatencyBench {
    private static final int SEED_ROWS = 100_000;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    private static final Duration SHIPPED_PAUSE = Duration.ofMillis(10);

    private CommitLatencyBench() {}

    public static void main(String[] args) throws Exception {
        System.out.println("| rows per commit | checkpoints | commits | p50 ms | p99 ms | p99.9 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int rows : new int[] {1, 20}) {
            long[] baseline = run(rows, null);
            long[] shipped = run(rows, SHIPPED_PAUSE);
            print(rows, "writer only (baseline)", baseline, null);
            print(rows, "writer + thread, pause 10 ms", shipped, baseline);
        }
    }

    private static long[] run(int rowsPerCommit, Duration pause) throws Exception {
        Path dir = Files.createTempDirectory("commit-bench");
        try (SqliteUsers users = new SqliteUsers(dir);
                WalCheckpointer checkpointer = WalCheckpointer.start(users.file(), pause)) {
            List<RowWrite> seed = new ArrayList<>(SEED_ROWS);
            for (int i = 0; i < SEED_ROWS; i++) {
                seed.add(upsert(i));
            }
            users.commit(seed);
            checkpointer.checkpointNow();
            long[] latencies = new long[1_000_000];
            int n = 0;
            int next = SEED_ROWS;
            long end = System.nanoTime() + RUN.toNanos();
            while (System.nanoTime() < end && n < latencies.length) {
                List<RowWrite> batch = new ArrayList<>(rowsPerCommit);
                for (int j = 0; j < rowsPerCommit; j++) {
                    batch.add(upsert(next++));
                }
                long t = System.nanoTime();
                users.commit(batch);
                latencies[n++] = System.nanoTime() - t;
                checkpointer.committed();
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return sorted;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static RowWrite upsert(int i) {
        return new RowWrite.Upsert(new UserRecord(
                UUID.randomUUID().toString(), (long) i, "user_" + i, 1_900_000_000_000L, UserState.active, 1L, 1L));
    }

    private static void print(int rows, String label, long[] sorted, long[] baseline) {
        StringBuilder line = new StringBuilder();
        line.append("| ").append(rows).append(" | ").append(label).append(" | ").append(sorted.length);
        for (double q : new double[] {0.5, 0.99, 0.999, 1.0}) {
            double ms = at(sorted, q) / 1e6;
            line.append(" | ").append(String.format(Locale.ROOT, "%.2f", ms));
            if (baseline != null) {
                line.append(String.format(Locale.ROOT, " (%.2fx)", ms / (at(baseline, q) / 1e6)));
            }
        }
        System.out.println(line.append(" |"));
    }

    private static long at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }
}
