package com.atlassecure.bot;

import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.config.ConfigException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: read and validate the environment, start {@link BotApp}, stop it cleanly on SIGTERM. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        BotConfig config;
        try {
            config = BotConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            log.error("event=config_invalid error=\"{}\"", e.getMessage());
            System.exit(2);
            return;
        }
        log.info("event=config_loaded config={}", config);
        BotApp app = BotApp.start(config, Clock.systemUTC(), BotTimings.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        stopped.await();
    }
}
