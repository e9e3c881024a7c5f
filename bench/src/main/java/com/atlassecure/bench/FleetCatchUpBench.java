package com.atlassecure.bench;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node cut off while customers pay (issue 17): its API is stopped, {@code changes} changes happen (half renewals of
 * customers it holds, half new customers), the bot's health poll marks it down, and every job waiting for it is put
 * where ten minutes of failures leave it (its next attempt at the backoff's 10-minute cap). Then the API starts
 * again on the same data. Measured: from the API answering to the node holding exactly what the bot wants (no job
 * waiting, the node's digest equal to the bot's), which includes the health poll that notices the node is back. The
 * baseline, in the same run on the same node, is one update-user request per change, sent back to back.
 */
final class FleetCatchUpBench {
    private static final String TOKEN = "123456789:bench-catchup-token-ABCDEFGHIJKLM";
    private static final Duration WAIT = Duration.ofMinutes(5);

    private final BenchMain.Settings s;
    private final XrayBinary binary;
    private final Report report;

    FleetCatchUpBench(BenchMain.Settings s, XrayBinary binary, Report report) {
        this.s = s;
        this.binary = binary;
        this.report = report;
    }

    void run(int changes) throws Exception {
        Log.line("event=catch_up_start changes=%d", changes);
        String key = Scenario.API_KEY + "-catch-up";
        Map<String, String> apiEnv = Map.of("XRAY_API_KEY", key);
        try (Scenario sc = new Scenario(binary, s.workDir(), "catch-up", 0, null, 0)) {
            RunningApi api = sc.startApi(s.apiJar(), s.apiJvm(), apiEnv);
            Path dir = Files.createTempDirectory(s.workDir(), "catch-up-bot");
            Map<String, String> env = new HashMap<>();
            env.put("BOT_TOKEN", TOKEN);
            env.put("APP_ENV", "dev");
            env.put("XRAY_API_TIMEOUT", "3s");
            env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db"));
            long cutMs;
            long convergedMs;
            int waitingAtCut;
            try (var telegram = com.atlassecure.testkit.telegram.FakeBotApi.start()) {
                env.put("TELEGRAM_API_URL", telegram.baseUrl());
                env.put("XRAY_API_NODES", nodes(api, key));
                BotTimings timings = new BotTimings(
                        Duration.ofSeconds(2),
                        Duration.ofHours(1),
                        Duration.ofMillis(40),
                        d -> Thread.sleep(d.toMillis()));
                try (BotApp bot = BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings)) {
                    long first = 8_000_000_000L;
                    for (int i = 0; i < changes / 2; i++) {
                        pay(bot, first + i);
                    }
                    awaitNoJobs(bot);
                    // The scenario's xray starts with one client of its own (its held stream's); the bot removes it.
                    bot.nodes().drift("n1").runOnce();
                    if (!bot.nodes().drift("n1").runOnce().inSync()) {
                        throw new IllegalStateException("the node is not in sync with the bot before the cut");
                    }
                    Log.line("event=catch_up_seeded customers=%d", changes / 2);

                    long t0 = System.nanoTime();
                    api.close();
                    for (int i = 0; i < changes; i++) {
                        pay(bot, first + i); // the first half renew, the second half are new customers
                    }
                    // Three failed health polls (about 15 s) before the node counts as down; wait it out twice over.
                    while (System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos()) {
                        Thread.sleep(500);
                    }
                    waitingAtCut = bot.database()
                            .withHandle(
                                    h -> h.createUpdate("UPDATE outbox_jobs SET run_at = :later WHERE done_at IS NULL")
                                            .bind(
                                                    "later",
                                                    Instant.now()
                                                            .plus(Duration.ofMinutes(10))
                                                            .toEpochMilli())
                                            .execute());
                    Log.line("event=catch_up_cut jobs_waiting=%d", waitingAtCut);

                    long back = System.nanoTime();
                    api = sc.startApi(s.apiJar(), s.apiJvm(), apiEnv, api.port());
                    cutMs = (System.nanoTime() - back) / 1_000_000;
                    long answering = System.nanoTime();
                    awaitNoJobs(bot);
                    boolean equal = bot.nodes().drift("n1").runOnce().inSync();
                    convergedMs = (System.nanoTime() - answering) / 1_000_000;
                    if (!equal) {
                        throw new IllegalStateException("the node's digest differs from the bot's after catching up");
                    }
                }
            }
            long baselineMs = baseline(api, key, changes);
            api.close();
            report.table(
                    "Fleet: a node cut off while " + changes + " changes happen, from answering again to converged",
                    List.of(
                            "jobs waiting for it (next try 10 min away)",
                            "API restart ms",
                            "converged after it answers, ms",
                            "baseline: one update-user per change, back to back, ms",
                            "ratio",
                            "target ≤ 30,000 ms"),
                    List.of(List.of(
                            Integer.toString(waitingAtCut),
                            Long.toString(cutMs),
                            Long.toString(convergedMs),
                            Long.toString(baselineMs),
                            String.format("%.2f×", convergedMs / (double) Math.max(1, baselineMs)),
                            convergedMs <= 30_000 ? "met" : "missed")));
        }
    }

    private static String nodes(RunningApi api, String key) {
        return "[{\"name\":\"n1\",\"country\":\"DE\",\"url\":\"http://127.0.0.1:" + api.port() + "\",\"key\":\"" + key
                + "\"}]";
    }

    private static long baseline(RunningApi api, String key, int changes) throws IOException {
        long expiry = System.currentTimeMillis() + 40 * BenchMain.DAY_MS;
        try (ApiClient client = new ApiClient(api.port(), key)) {
            List<BenchUser> users = Scenario.users(9_000_000_000L, changes);
            for (BenchUser u : users) {
                client.add(u, expiry);
            }
            long t0 = System.nanoTime();
            for (BenchUser u : users) {
                if (client.update(u, expiry + 1000) != 200) {
                    throw new IllegalStateException("update-user failed in the baseline");
                }
            }
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    private static void pay(BotApp bot, long user) {
        Instant now = Instant.now();
        bot.database().useTransaction(h -> {
            new CustomerRepository().ensure(h, user, now);
            bot.provisioning().extend(h, user, 30, null, now);
        });
    }

    private static void awaitNoJobs(BotApp bot) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bot.database().<Long>withHandle(h -> bot.provisioning().pending(h)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs still waiting after " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
