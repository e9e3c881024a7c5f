package com.atlassecure.bench;

import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.xray.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The bot from its fat jar, long polling the fake Bot API on loopback, with SQLite and with PostgreSQL. Each update
 * is a /start from a new customer (a customer row upserted, a menu sent). A burst of queued updates measures how many
 * the bot clears per second; a paced stream below that rate measures update-to-reply latency.
 */
final class BotBench {
    private static final String TOKEN = "123456789:bench-token-ABCDEFGHIJKLMNOPQRSTUV";
    // As deploy/bot/Dockerfile runs it.
    private static final List<String> JVM = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final BenchMain.Settings s;
    private final Report report;
    private long nextUser = 5_000_000_000L;

    BotBench(BenchMain.Settings s, Report report) {
        this.s = s;
        this.report = report;
    }

    void run() {
        if (!Files.isRegularFile(s.botJar())) {
            report.text("Bot benchmark skipped: " + s.botJar() + " does not exist (build the bot module).");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(measure(
                "SQLite", "jdbc:sqlite:" + s.workDir().resolve("bot-sqlite").resolve("atlas-bot.db"), null));
        try (PostgresFixture pg = PostgresFixture.create()) {
            String url = pg.jdbcUrl() + "?user=" + pg.user() + "&password=" + pg.password();
            rows.add(measure("PostgreSQL (" + pg.serverDescription().split(" ")[0] + ")", url, pg));
        } catch (RuntimeException e) {
            Log.line("event=bot_postgres_failed error=%s", e);
            rows.add(List.of("PostgreSQL", "failed: " + e.getMessage(), "", "", "", "", ""));
        }
        report.table(
                "Bot: /start updates through the fake Bot API (long polling)",
                List.of(
                        "database",
                        "burst: updates, updates/s",
                        "burst: update-to-reply p50 / p99 ms (queueing included)",
                        "paced: offered/s, achieved/s",
                        "paced: update-to-reply p50 / p99 / max ms",
                        "bot RSS after / peak",
                        "CPU µs per update (bot)"),
                rows);
    }

    private List<String> measure(String name, String databaseUrl, PostgresFixture pg) {
        Log.line("event=bot_start database=%s", name);
        Map<Long, Long> replied = new ConcurrentHashMap<>();
        try (FakeBotApi fake = FakeBotApi.start()) {
            fake.onCall(call -> {
                if (call.method().equals("sendMessage") || call.method().equals("sendPhoto")) {
                    replied.putIfAbsent(call.chatId(), System.nanoTime());
                }
            });
            Path dir = Files.createDirectories(s.workDir().resolve("bot-" + name.split(" ")[0].toLowerCase()));
            Map<String, String> env = new HashMap<>();
            env.put("BOT_TOKEN", TOKEN);
            env.put("APP_ENV", "dev");
            // No customer in this benchmark reaches provisioning; the API is never called.
            env.put("XRAY_API_URL", "http://127.0.0.1:" + FreePorts.loopbackPort());
            env.put("XRAY_API_KEY", Scenario.API_KEY);
            env.put("DATABASE_URL", databaseUrl);
            env.put("TELEGRAM_API_URL", fake.baseUrl());
            env.put("ADMIN_IDS", "1");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM);
            for (String extra : System.getProperty("bench.botJvmExtra", "").split("\\s+")) {
                if (!extra.isBlank()) {
                    command.add(extra);
                }
            }
            command.add("-jar");
            command.add(s.botJar().toString());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("bot.log").toFile()));
            pb.environment().putAll(env);
            Process bot = pb.start();
            try {
                // Warm-up: the bot is ready once it answers; then enough updates for the JIT to settle.
                burst(fake, replied, 1, Duration.ofMinutes(2), bot);
                burst(fake, replied, 500, Duration.ofMinutes(2), bot);
                long cpu0 = Cpu.ms(bot.pid());
                int n = s.botUpdates();
                long[] burstLatencies = burst(fake, replied, n, Duration.ofMinutes(5), bot);
                long burstCpu = Cpu.ms(bot.pid()) - cpu0;
                Stats b = Stats.of("burst", 1, burstLatencies.clone(), 0, lastMinusFirst);
                double rate = 300;
                Stats p = paced(fake, replied, (int) (rate * 10), rate, bot);
                long rss = Rss.currentKb(bot.pid());
                long peak = Rss.peakKb(bot.pid());
                Log.line(
                        "event=bot_done database=%s burst_per_s=%.0f paced_p99=%s rss_mb=%s",
                        name, b.opsPerSecond(), Stats.ms(p.p99()), Rss.mb(rss));
                return List.of(
                        name,
                        n + ", " + String.format("%.0f", b.opsPerSecond()),
                        Stats.ms(b.p50()) + " / " + Stats.ms(b.p99()),
                        String.format("%.0f, %.0f", rate, p.opsPerSecond()),
                        Stats.ms(p.p50()) + " / " + Stats.ms(p.p99()) + " / " + Stats.ms(p.max()),
                        Rss.mb(rss) + " / " + Rss.mb(peak) + " MB",
                        String.format("%.0f", burstCpu * 1000.0 / n));
            } finally {
                bot.destroy();
                if (!bot.waitFor(30, TimeUnit.SECONDS)) {
                    bot.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long lastMinusFirst;

    /** Queues n /start updates at once and waits for every reply; latencies from queueing to reply. */
    private long[] burst(FakeBotApi fake, Map<Long, Long> replied, int n, Duration timeout, Process bot) {
        long[] users = new long[n];
        long[] pushed = new long[n];
        for (int i = 0; i < n; i++) {
            users[i] = nextUser++;
            pushed[i] = System.nanoTime();
            fake.sendText(users[i], i % 2 == 0 ? "en" : "ru", "/start");
        }
        long[] latencies = await(replied, users, pushed, timeout, bot);
        long last = 0;
        for (long u : users) {
            last = Math.max(last, replied.get(u));
        }
        lastMinusFirst = last - pushed[0];
        return latencies;
    }

    /** Queues /start updates at {@code rate} per second; latencies from queueing to reply. */
    private Stats paced(FakeBotApi fake, Map<Long, Long> replied, int n, double rate, Process bot) {
        long[] users = new long[n];
        long[] pushed = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long now;
            while ((now = System.nanoTime()) < due) {
                java.util.concurrent.locks.LockSupport.parkNanos(due - now);
            }
            users[i] = nextUser++;
            pushed[i] = System.nanoTime();
            fake.sendText(users[i], "en", "/start");
        }
        long[] latencies = await(replied, users, pushed, Duration.ofMinutes(5), bot);
        long last = 0;
        for (long u : users) {
            last = Math.max(last, replied.get(u));
        }
        return Stats.of("paced", 1, latencies, 0, last - start);
    }

    private static long[] await(Map<Long, Long> replied, long[] users, long[] pushed, Duration timeout, Process bot) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long u : users) {
            while (!replied.containsKey(u)) {
                if (!bot.isAlive()) {
                    throw new IllegalStateException("the bot exited with " + bot.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the bot did not answer " + users.length + " updates within " + timeout);
                }
                Pause.ms(2);
            }
        }
        long[] latencies = new long[users.length];
        for (int i = 0; i < users.length; i++) {
            latencies[i] = replied.get(users[i]) - pushed[i];
        }
        return latencies;
    }
}
