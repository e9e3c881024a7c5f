package com.atlassecure.bot.bench;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Measures (does not assert) the issue's speed targets: updates per second sustained, handler p99, and resident
 * memory, with PostgreSQL (or SQLite: {@code -Dbench.db=sqlite}) and the fake Bot API on this machine. Two phases:
 * paced, updates offered at a steady 300/s, which is what the handler-p99 target is about; and burst, 7,500 updates
 * queued at once, which measures throughput and whose p99 includes waiting for a CPU behind the other handler
 * threads. Handler time is the handler's own run, not the time queued in the dispatcher. Not run by the normal build
 * (the name matches neither *Test nor *IT); run it with
 * {@code ./mvnw -B -o verify -pl testkit,bot -Dtest=UpdateThroughputBenchmark#measure -DargLine=-Xmx128m
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=none}.
 */
class UpdateThroughputBenchmark {
    static final int USERS = 500;
    static final int ROUNDS = 3;
    /** 600 users x 5 updates at 300/s: ten seconds of sustained load. */
    static final int PACED_USERS = 600;

    static final int PACED_RATE = 300;

    static final String DB = System.getProperty("bench.db", "postgresql");

    @Test
    void measure() throws Exception {
        try (PostgresFixture pg = PostgresFixture.create();
                FakeBotApi telegram = FakeBotApi.start();
                FaultServer api = new FaultServer()) {
            Path dir = Files.createTempDirectory("bench");
            Map<String, String> env = BotHarness.env(telegram, api.url(), dir);
            String credentials =
                    pg.user() + (pg.password() == null || pg.password().isEmpty() ? "" : ":" + pg.password());
            // -Dbench.db=sqlite keeps the harness's SQLite file in the temp dir instead.
            if (!DB.equals("sqlite")) {
                env.put("DATABASE_URL", pg.jdbcUrl().replace("jdbc:postgresql://", "postgres://" + credentials + "@"));
            }
            ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
            BotTimings timings = new BotTimings(
                    Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMillis(40), d -> {}, nanos::add);
            try (BotApp app = BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings)) {
                // warm-up: one round, not counted
                push(telegram, 1_000_000);
                awaitHandled(app, perRound(), telegram);
                nanos.clear();
                long base = app.dispatcher().handled();

                // Paced: the issue's target is a handler p99 at a sustained 300 updates/s, so updates arrive at
                // that rate, as they would from Telegram, and the bot is not saturated.
                long pacedStarted = System.nanoTime();
                int paced = pushPaced(telegram, 2_000_000, PACED_USERS, PACED_RATE);
                awaitHandled(app, base + paced, telegram);
                report("paced", paced, (System.nanoTime() - pacedStarted) / 1e9, nanos);
                nanos.clear();
                base = app.dispatcher().handled();

                // Burst: every round queued at once, so the bot runs flat out. This measures throughput; its
                // handler times include waiting for one of the two cores behind the other seven handler threads,
                // the fake Bot API's server threads and PostgreSQL, so its p99 is not the target's.
                long started = System.nanoTime();
                for (int round = 0; round < ROUNDS; round++) {
                    push(telegram, round * 10_000);
                }
                int total = ROUNDS * perRound();
                awaitHandled(app, base + total, telegram);
                report("burst", total, (System.nanoTime() - started) / 1e9, nanos);
            }
        }
    }

    /**
     * The bot as it runs in production: the shaded jar in its own JVM (-Xmx96m, serial GC), so its resident memory
     * is the bot's alone. Throughput is counted from the Bot API calls it makes (8 per user per round).
     */
    @Test
    void measureSeparateProcess() throws Exception {
        Path jar = Path.of("target/atlas-bot.jar");
        if (!Files.exists(jar)) {
            System.out.println("BENCHMARK_PROCESS skipped: build the jar first (mvn package)");
            return;
        }
        try (PostgresFixture pg = PostgresFixture.create();
                FakeBotApi telegram = FakeBotApi.start();
                FaultServer api = new FaultServer()) {
            Path dir = Files.createTempDirectory("bench");
            Map<String, String> env = BotHarness.env(telegram, api.url(), dir);
            String credentials =
                    pg.user() + (pg.password() == null || pg.password().isEmpty() ? "" : ":" + pg.password());
            env.put("DATABASE_URL", pg.jdbcUrl().replace("jdbc:postgresql://", "postgres://" + credentials + "@"));
            ProcessBuilder builder = new ProcessBuilder(
                    "java", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
            builder.environment().putAll(env);
            builder.redirectErrorStream(true)
                    .redirectOutput(dir.resolve("bot.log").toFile());
            Process bot = builder.start();
            try {
                int perUserCalls = 8;
                push(telegram, 1_000_000);
                awaitCalls(telegram, 1 + USERS * perUserCalls);
                long base = telegram.calls().size();
                long started = System.nanoTime();
                for (int round = 0; round < ROUNDS; round++) {
                    push(telegram, round * 10_000);
                }
                awaitCalls(telegram, base + (long) ROUNDS * USERS * perUserCalls);
                double seconds = (System.nanoTime() - started) / 1e9;
                int updates = ROUNDS * perRound();
                System.out.printf(
                        "BENCHMARK_PROCESS updates=%d seconds=%.2f updates_per_s=%.0f bot_rss_mb=%d%n",
                        updates, seconds, updates / seconds, rssMb(bot.pid()));
            } finally {
                bot.destroy();
                bot.waitFor();
            }
        }
    }

    static void report(String phase, int updates, double seconds, ConcurrentLinkedQueue<Long> nanos) throws Exception {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.gc();
        System.out.printf(
                "BENCHMARK db=%s phase=%s updates=%d seconds=%.2f updates_per_s=%.0f handler_p50_ms=%.2f"
                        + " handler_p99_ms=%.2f handler_max_ms=%.2f rss_mb=%d heap_used_mb=%d heap_max_mb=%d%n",
                DB,
                phase,
                updates,
                seconds,
                updates / seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6,
                rssMb(),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * Pushes the same five updates per user as {@link #push}, users interleaved, at {@code perSecond} updates per
     * second on a fixed schedule (a late push does not shift the ones after it); returns how many were pushed.
     */
    static int pushPaced(FakeBotApi telegram, long userOffset, int users, int perSecond) {
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        int i = 0;
        for (int u = 1; u <= users; u++) {
            long user = userOffset + u;
            for (int step = 0; step < 5; step++, i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                switch (step) {
                    case 0 -> telegram.sendText(user, u % 2 == 0 ? "ru" : "en", "/start");
                    case 1 -> telegram.pressButton(user, "en", 1, Menus.BUY);
                    case 2 -> telegram.pressButton(user, "en", 1, Menus.PLAN_PREFIX + "m1");
                    case 3 -> telegram.pressButton(user, "en", 1, Menus.HELP);
                    default -> telegram.sendText(user, "en", "/help");
                }
            }
        }
        return i;
    }

    static void awaitCalls(FakeBotApi telegram, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (telegram.calls().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (telegram.calls().size() < count) {
            throw new IllegalStateException("saw " + telegram.calls().size() + " of " + count + " Bot API calls");
        }
    }

    static int perRound() {
        return USERS * 5;
    }

    /** Each user: /start, Buy, a plan (an order row and an invoice), Help, and /help. */
    static void push(FakeBotApi telegram, long userOffset) {
        for (int u = 1; u <= USERS; u++) {
            long user = userOffset + u;
            telegram.sendText(user, u % 2 == 0 ? "ru" : "en", "/start");
            telegram.pressButton(user, "en", 1, Menus.BUY);
            telegram.pressButton(user, "en", 1, Menus.PLAN_PREFIX + "m1");
            telegram.pressButton(user, "en", 1, Menus.HELP);
            telegram.sendText(user, "en", "/help");
        }
    }

    static void awaitHandled(BotApp app, long count, FakeBotApi telegram) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (app.dispatcher().handled() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (app.dispatcher().handled() < count) {
            throw new IllegalStateException("handled " + app.dispatcher().handled() + " of " + count + ", in flight "
                    + app.dispatcher().inFlight() + ", queued at the fake " + telegram.pendingUpdates() + ", calls "
                    + telegram.callCounts());
        }
    }

    static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    static long rssMb() throws Exception {
        return rssMb(ProcessHandle.current().pid());
    }

    static long rssMb(long pid) throws Exception {
        return Arrays.stream(Files.readString(Path.of("/proc/" + pid + "/status"))
                                .split("\n"))
                        .filter(l -> l.startsWith("VmRSS:"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                        .findFirst()
                        .orElse(-1)
                / 1024;
    }
}
