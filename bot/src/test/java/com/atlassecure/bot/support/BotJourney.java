package com.atlassecure.bot.support;

import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage every bot journey test plays on: the whole bot started against the fake Bot API and an API stand-in
 * that can be made to fail, on SQLite in a temp dir, with a clock the test moves. Fresh for each test.
 */
public abstract class BotJourney {
    protected static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    protected Path dir;

    protected final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    protected final Messages messages = Messages.load();
    protected FakeBotApi telegram;
    protected FaultServer api;
    protected BotHarness bot;

    @BeforeEach
    void startTheBot() throws Exception {
        telegram = FakeBotApi.start();
        api = new FaultServer();
        java.util.Map<String, String> env = BotHarness.env(telegram, api.url(), dir);
        prepare(env);
        bot = BotHarness.start(telegram, env, clock);
    }

    /** A journey's own settings and API script, set before the bot starts; none by default. */
    protected void prepare(java.util.Map<String, String> env) {}

    @AfterEach
    void stopTheBot() {
        bot.close();
        api.close();
        telegram.close();
    }
}
