package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.App;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2, the crash variant: the bot runs as its own process ({@code java -jar atlas-bot.jar}, as production runs it) on
 * PostgreSQL, against the fake Bot API and the real API over a real xray. A trigger makes the payment insert sleep;
 * while it sleeps the bot is killed with {@code kill -9}, between fetching the update and committing it. A new bot
 * process on the same database must find the payment (Telegram still holds it, unconfirmed), record it once and
 * deliver one key.
 */
@RequiresXray
class BotKilledMidPaymentXrayIT {
    private static final Logger log = LoggerFactory.getLogger(BotKilledMidPaymentXrayIT.class);
    private static final String API_KEY = "killed-bot-api-key-5d1f7a3c9e2b4d6f8a0c";
    private static final String BOT_TOKEN = "123456789:AAKilledBotTokenNeverReal_0123456";
    private static final long CUSTOMER = 4711;
    private static final int PRICE_M3 = 270;
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void botKilledBetweenFetchingAndCommittingAPaymentRecordsItOnceAndKeysItOnce(XrayBinary binary) throws Exception {
        Path jar = Path.of(System.getProperty("atlas.bot.jar", "../bot/target/atlas-bot.jar"));
        assertThat(jar).as("the bot jar, built by the reactor's package phase").exists();
        try (RealityTarget target = RealityTarget.start();
                PostgresFixture postgres = PostgresFixture.create()) {
            TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
            String shortId = TestRealityKeys.newShortId();
            RealityServerConfig server =
                    RealityServerConfig.builder().reality(target, keys).shortIds(shortId);
            try (XrayProcess xray = XrayProcess.create(binary, server.build()).start();
                    App api = InProcessApiSettings.startWithKey(
                            binary, xray, server, keys, shortId, API_KEY, dir.resolve("api-data"));
                    FakeBotApi telegram = FakeBotApi.start()) {
                Map<String, String> env = Map.of(
                        "BOT_TOKEN",
                        BOT_TOKEN,
                        "APP_ENV",
                        "dev",
                        "XRAY_API_URL",
                        "http://127.0.0.1:" + api.port(),
                        "XRAY_API_KEY",
                        API_KEY,
                        "DATABASE_URL",
                        BotDatabase.railwayUrl(postgres),
                        "ADMIN_IDS",
                        "9001",
                        "TELEGRAM_API_URL",
                        telegram.baseUrl());

                Process first = BotProcess.launch(jar, env, dir.resolve("bot-1.log"));
                String order;
                long killedAt;
                try {
                    order = buy(telegram);
                    String query = telegram.preCheckout(CUSTOMER, order, PRICE_M3, "XTR");
                    telegram.awaitCall(
                            "answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
                    sql(
                            postgres,
                            "CREATE FUNCTION atlas_slow_payment() RETURNS trigger LANGUAGE plpgsql AS"
                                    + " $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$");
                    sql(
                            postgres,
                            "CREATE TRIGGER atlas_slow_payment BEFORE INSERT ON payments FOR EACH ROW"
                                    + " EXECUTE FUNCTION atlas_slow_payment()");
                    telegram.successfulPayment(CUSTOMER, order, PRICE_M3, "charge-killed");
                    awaitInsertSleeping(postgres);
                    // Let the first bot poll again if it would: the old code confirmed the update here.
                    Thread.sleep(2_500);
                    new ProcessBuilder("kill", "-9", Long.toString(first.pid()))
                            .inheritIO()
                            .start()
                            .waitFor();
                    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    killedAt = System.nanoTime();
                    log.info("event=bot_killed signal=KILL exit={}", first.exitValue());
                } finally {
                    first.destroyForcibly();
                }
                // PostgreSQL ends the dead client's session; do it now instead of after the sleep.
                sql(postgres, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep'");
                sql(postgres, "DROP TRIGGER atlas_slow_payment ON payments");
                assertThat(count(postgres, "SELECT COUNT(*) FROM payments"))
                        .as("nothing committed")
                        .isZero();
                assertThat(keysDelivered(telegram)).isZero();

                Process second = BotProcess.launch(jar, env, dir.resolve("bot-2.log"));
                try {
                    telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);
                    long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
                    // Let any duplicate that would come, come: several more polls and worker rounds.
                    Thread.sleep(5_000);
                    long payments = count(
                            postgres,
                            "SELECT COUNT(*) FROM payments WHERE telegram_payment_charge_id = 'charge-killed'");
                    log.info(
                            "event=kill9_result payments={} keys={} key_after_kill_ms={} pending_updates={}",
                            payments,
                            keysDelivered(telegram),
                            recoveredMs,
                            telegram.pendingUpdates());
                    assertThat(payments).as("one payment row").isEqualTo(1);
                    assertThat(keysDelivered(telegram)).as("one key delivered").isEqualTo(1);
                    assertThat(telegram.pendingUpdates())
                            .as("the payment is confirmed now")
                            .isZero();
                    List<UserRecord> users = api.store().view().all().stream()
                            .filter(r -> r.telegramId() != null && r.telegramId() == CUSTOMER)
                            .toList();
                    assertThat(users)
                            .singleElement()
                            .satisfies(u -> assertThat(u.state()).isEqualTo(UserState.active));
                } finally {
                    second.destroy();
                    if (!second.waitFor(20, TimeUnit.SECONDS)) {
                        second.destroyForcibly();
                    }
                }
                String logs = Files.readString(dir.resolve("bot-1.log")) + Files.readString(dir.resolve("bot-2.log"));
                assertThat(logs).doesNotContain(BOT_TOKEN.substring(BOT_TOKEN.indexOf(':') + 1));
                assertThat(logs).doesNotContain(API_KEY);
            }
        }
    }

    private static void awaitInsertSleeping(PostgresFixture postgres) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(
                        postgres,
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE"
                                + " '%INSERT INTO payments%'")
                == 0) {
            assertThat(System.nanoTime()).as("the payment insert started").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void sql(PostgresFixture postgres, String statement) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static long count(PostgresFixture postgres, String query) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Railway hands the bot postgres://user:pass@host:port/db; so does the test. */
    private static long keysDelivered(FakeBotApi telegram) {
        return telegram.calls("sendPhoto").stream()
                .filter(c -> c.chatId() == CUSTOMER)
                .count();
    }

    private static String buy(FakeBotApi telegram) {
        telegram.sendText(CUSTOMER, "en", "/start");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        int menuId = (int) menu.sequence();
        telegram.pressButton(CUSTOMER, "en", menuId, Menus.BUY);
        telegram.awaitCall("editMessageText", c -> c.chatId() == CUSTOMER, WAIT);
        telegram.pressButton(CUSTOMER, "en", menuId, Menus.PLAN_PREFIX + "m3");
        return telegram.awaitCall("sendInvoice", c -> c.chatId() == CUSTOMER, WAIT)
                .param("payload");
    }
}
