package com.atlassecure.bot.support;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.time.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the whole bot against the fake Bot API and a given API URL, on SQLite in a temp dir, with the test's clock
 * and a sleeper that records pauses instead of taking them.
 */
public final class BotHarness implements AutoCloseable {
    public static final String TOKEN = "123456789:AAHarnessTokenNeverReal_0123456789";
    public static final long ADMIN = 9001;

    public final FakeBotApi telegram;
    public final BotApp app;
    private final List<Duration> sleeps;

    private BotHarness(FakeBotApi telegram, BotApp app, List<Duration> sleeps) {
        this.telegram = telegram;
        this.app = app;
        this.sleeps = sleeps;
    }

    public static Map<String, String> env(FakeBotApi telegram, URI apiUrl, Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", TOKEN);
        env.put("APP_ENV", "dev");
        env.put("XRAY_API_URL", apiUrl.toString());
        env.put("XRAY_API_KEY", "k".repeat(40));
        env.put("XRAY_API_TIMEOUT", "2s");
        env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db"));
        env.put("ADMIN_IDS", Long.toString(ADMIN));
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        return env;
    }

    public static BotHarness start(FakeBotApi telegram, Map<String, String> env, MutableClock clock) {
        return start(telegram, env, clock, t -> t);
    }

    /** As {@link #start(FakeBotApi, Map, MutableClock)}, with the harness's timings adjusted by {@code timings}. */
    public static BotHarness start(
            FakeBotApi telegram,
            Map<String, String> env,
            MutableClock clock,
            java.util.function.UnaryOperator<BotTimings> adjust) {
        List<Duration> sleeps = new ArrayList<>();
        BotTimings timings = new BotTimings(Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(40), d -> {
            synchronized (sleeps) {
                sleeps.add(d);
            }
        });
        return new BotHarness(telegram, BotApp.start(BotConfig.fromEnv(env), clock, adjust.apply(timings)), sleeps);
    }

    /** The pauses the broadcaster asked for, in order. */
    public List<Duration> recordedSleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
