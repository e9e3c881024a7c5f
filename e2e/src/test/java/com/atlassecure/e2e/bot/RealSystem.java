package com.atlassecure.e2e.bot;

import com.atlassecure.api.App;
import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.Auth;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.e2e.InProcessApiSettings;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on loopback: a real xray with a REALITY inbound and a local target, the real API on a fixed
 * free port (so it can be stopped and started again at the same address), the fake Bot API, and the bot configured
 * from env exactly as in production. Requests are signed, as production runs them.
 */
final class RealSystem implements AutoCloseable {
    static final String API_KEY = "e2e-api-key-0123456789abcdef0123456789ab";
    static final String SIGNING_SECRET = "e2e-signing-secret-0123456789abcdef01";
    static final String BOT_TOKEN = "123456789:AAE2eTokenNeverReal_0123456789abcd";
    static final long ADMIN = 900_001;

    final RealityTarget target = RealityTarget.start();
    final TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
    final String shortId = TestRealityKeys.newShortId();
    final RealityServerConfig serverConfig;
    final XrayProcess xray;
    final Path apiData;
    final Path botData;
    final int apiPort = FreePorts.loopbackPort();
    final ApiSettings settings;
    final FakeBotApi telegram = FakeBotApi.start();
    private App api;
    private final BotApp bot;

    RealSystem(XrayBinary binary) {
        serverConfig = RealityServerConfig.builder().reality(target, keys).shortIds(shortId);
        xray = XrayProcess.create(binary, serverConfig.build()).start();
        try {
            apiData = Files.createTempDirectory("e2e-api");
            botData = Files.createTempDirectory("e2e-bot");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings = InProcessApiSettings.of(
                binary,
                xray,
                serverConfig,
                keys.publicKey(),
                shortId,
                new Auth(API_KEY, SigningMode.REQUIRED, SIGNING_SECRET.getBytes(StandardCharsets.UTF_8)),
                apiPort,
                apiData);
        startApi();
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", BOT_TOKEN);
        env.put("APP_ENV", "dev");
        env.put("XRAY_API_URL", "http://127.0.0.1:" + apiPort);
        env.put("XRAY_API_KEY", API_KEY);
        env.put("XRAY_API_SIGNING_SECRET", SIGNING_SECRET);
        env.put("XRAY_API_TIMEOUT", "3s");
        env.put("DATABASE_URL", "jdbc:sqlite:" + botData.resolve("bot.db"));
        env.put("ADMIN_IDS", Long.toString(ADMIN));
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        BotTimings timings = new BotTimings(
                Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(40), d -> Thread.sleep(d.toMillis()));
        bot = BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings);
    }

    void startApi() {
        api = InProcessApiSettings.start(settings, xray);
    }

    void stopApi() {
        api.close();
    }

    BotApp bot() {
        return bot;
    }

    App api() {
        return api;
    }

    @Override
    public void close() {
        bot.close();
        api.close();
        telegram.close();
        xray.close();
        target.close();
        for (Path dir : List.of(apiData, botData)) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temp dirs: best effort
            }
        }
    }
}
