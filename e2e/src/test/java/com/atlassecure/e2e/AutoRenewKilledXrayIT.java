package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.App;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monthly auto-renew end to end, with a crash in the middle: the bot runs as its own process ({@code atlas-bot.jar})
 * on PostgreSQL against the fake Bot API and the real API over a real xray. The customer subscribes monthly; the
 * first payment's key carries bytes through a real client. A renewal arrives twice and the bot gets {@code kill -9}
 * right after it; a new bot process on the same database finishes the schedule: the two charges extend access by
 * exactly two periods, the node holds that end, cancel and resume reach Telegram, a refund of the renewal takes one
 * period back on the node too, and a refund of the first payment ends access: the key then carries nothing.
 */
@RequiresXray
class AutoRenewKilledXrayIT {
    private static final String API_KEY = "auto-renew-api-key-2c4e6a8b0d1f3a5c7e9b";
    private static final String BOT_TOKEN = "123456789:AAAutoRenewTokenNeverReal_0123456";
    private static final long CUSTOMER = 4812;
    private static final long ADMIN = 9001;
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Duration PERIOD = Duration.ofDays(30);

    @TempDir
    Path dir;

    @Test
    void subscribeRenewTwiceSurviveAKillCancelResumeAndRefundTheKeyWorksExactlyWhileItShould(XrayBinary binary)
            throws Exception {
        Path jar = Path.of(System.getProperty("atlas.bot.jar", "../bot/target/atlas-bot.jar"));
        assertThat(jar).as("the bot jar, built by the reactor's package phase").exists();
        try (RealityTarget target = RealityTarget.start();
                PostgresFixture postgres = PostgresFixture.create();
                LoopbackHttpServer site = LoopbackHttpServer.start("auto-renew-ok")) {
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
                        Long.toString(ADMIN),
                        "TELEGRAM_API_URL",
                        telegram.baseUrl(),
                        "PLANS",
                        "auto:100,1:110");

                Process first = BotProcess.launch(jar, env, dir.resolve("bot-1.log"));
                String order;
                ShareLink link;
                try {
                    order = subscribe(telegram);
                    telegram.recurringPayment(
                            CUSTOMER,
                            order,
                            100,
                            "sub-c1",
                            true,
                            Instant.now().plus(PERIOD).getEpochSecond());
                    RecordedCall key = telegram.awaitCall(
                            "sendMessage", c -> c.chatId() == CUSTOMER && Customer.monospace(c) != null, WAIT);
                    link = ShareLink.parse(Customer.monospace(key));
                    assertThat(carries(binary, link, site))
                            .as("the first payment's key works")
                            .isTrue();

                    long renewals = telegram.recurringPayment(
                            CUSTOMER,
                            order,
                            100,
                            "sub-c2",
                            false,
                            Instant.now().plus(PERIOD.multipliedBy(2)).getEpochSecond());
                    telegram.pushUpdate(com.atlassecure.testkit.telegram.TelegramUpdates.recurringPayment(
                            CUSTOMER,
                            77_777,
                            order,
                            100,
                            "sub-c2",
                            false,
                            Instant.now().plus(PERIOD.multipliedBy(2)).getEpochSecond()));
                    // Killed as soon as Telegram has the renewal out: before, during or after the bot handles it.
                    new ProcessBuilder("kill", "-9", Long.toString(first.pid()))
                            .inheritIO()
                            .start()
                            .waitFor();
                    assertThat(first.waitFor(10, TimeUnit.SECONDS))
                            .as("update %s", renewals)
                            .isTrue();
                } finally {
                    first.destroyForcibly();
                }

                Process second = BotProcess.launch(jar, env, dir.resolve("bot-2.log"));
                try {
                    awaitCount(postgres, "SELECT COUNT(*) FROM payments WHERE user_id = " + CUSTOMER, 2);
                    awaitCount(
                            postgres,
                            "SELECT COUNT(*) FROM outbox_jobs WHERE user_id = " + CUSTOMER + " AND done_at IS NULL",
                            0);
                    long firstPaidAt = scalar(
                            postgres, "SELECT paid_at FROM payments WHERE telegram_payment_charge_id = 'sub-c1'");
                    long end = scalar(postgres, "SELECT expires_at FROM subscriptions WHERE user_id = " + CUSTOMER);
                    assertThat(end - firstPaidAt)
                            .as("two charges, the renewal delivered twice and across a kill: two periods exactly")
                            .isEqualTo(PERIOD.multipliedBy(2).toMillis());
                    assertThat(nodeExpiry(api)).contains(end);

                    telegram.sendText(CUSTOMER, "en", "/start");
                    RecordedCall home = telegram.awaitCall(
                            "sendMessage",
                            c -> c.chatId() == CUSTOMER && c.text().contains("renews automatically"),
                            WAIT);
                    telegram.pressButton(CUSTOMER, "en", (int) home.sequence(), Menus.SUBSCRIPTION_CANCEL);
                    telegram.awaitCall(
                            "editMessageText",
                            c -> c.chatId() == CUSTOMER && c.text().startsWith("⏹ Auto-renew cancelled"),
                            WAIT);
                    assertThat(telegram.subscriptionCancelled("sub-c1")).contains(true);
                    telegram.pressButton(CUSTOMER, "en", (int) home.sequence(), Menus.SUBSCRIPTION_RESUME);
                    telegram.awaitCall(
                            "editMessageText",
                            c -> c.chatId() == CUSTOMER && c.text().startsWith("▶️ Auto-renew is on again"),
                            WAIT);
                    assertThat(telegram.subscriptionCancelled("sub-c1")).contains(false);
                    assertThat(carries(binary, link, site))
                            .as("the key works while paid for")
                            .isTrue();

                    telegram.sendText(ADMIN, "en", "/refund sub-c2");
                    telegram.awaitCall(
                            "sendMessage", c -> c.chatId() == ADMIN && c.text().startsWith("Refunded"), WAIT);
                    awaitNodeExpiry(api, end - PERIOD.toMillis());
                    assertThat(telegram.subscriptionCancelled("sub-c1"))
                            .as("no charge after a refund")
                            .contains(true);
                    assertThat(carries(binary, link, site))
                            .as("one paid period left: the key works")
                            .isTrue();

                    telegram.sendText(ADMIN, "en", "/refund sub-c1");
                    telegram.awaitCall(
                            "sendMessage",
                            c -> c.chatId() == ADMIN
                                    && c.text().startsWith("Refunded")
                                    && c.text().contains("sub-c1"),
                            WAIT);
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (nodeExpiry(api).isPresent() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    assertThat(nodeExpiry(api)).as("removed from the node").isEmpty();
                    assertThat(carries(binary, link, site))
                            .as("no paid time left: the key carries nothing")
                            .isFalse();
                    assertThat(scalar(postgres, "SELECT COUNT(*) FROM payments WHERE user_id = " + CUSTOMER))
                            .isEqualTo(2);
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

    private static String subscribe(FakeBotApi telegram) {
        telegram.sendText(CUSTOMER, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT)
                .sequence();
        telegram.pressButton(CUSTOMER, "en", menu, Menus.PLAN_PREFIX + "sub");
        RecordedCall link = telegram.awaitCall("createInvoiceLink", c -> true, WAIT);
        assertThat(link.param("subscription_period")).isEqualTo("2592000");
        String order = link.param("payload");
        String query = telegram.preCheckout(CUSTOMER, order, 100, "XTR");
        telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
        return order;
    }

    /** Whether a real client configured from the link gets the page through the tunnel. */
    private static boolean carries(XrayBinary binary, ShareLink link, LoopbackHttpServer site) {
        try (Tunnel tunnel = Tunnel.open(binary, link)) {
            return tunnel.get(site.uri(), Duration.ofSeconds(5)).body().contains("auto-renew-ok");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> nodeExpiry(App api) {
        return api.store().view().all().stream()
                .filter(r -> r.telegramId() != null && r.telegramId() == CUSTOMER && r.active())
                .map(UserRecord::expiryMs)
                .findFirst();
    }

    private static void awaitNodeExpiry(App api, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!nodeExpiry(api).equals(Optional.of(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(nodeExpiry(api)).contains(expected);
    }

    private static void awaitCount(PostgresFixture postgres, String query, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (scalar(postgres, query) != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(scalar(postgres, query)).as(query).isEqualTo(expected);
    }

    private static long scalar(PostgresFixture postgres, String query) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
