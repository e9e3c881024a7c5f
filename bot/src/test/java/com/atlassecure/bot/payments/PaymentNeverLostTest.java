package com.atlassecure.bot.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.bot.telegram.WebhookServer;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.telegram.TelegramUpdates;
import com.atlassecure.testkit.time.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2: a payment update is confirmed to Telegram only after its row is committed, a database that refuses the write
 * delays the payment instead of losing it, and Telegram's own record of charges finds what an update lost. The
 * database is the bot's real SQLite file, locked from a second connection exactly as another writer would.
 */
class PaymentNeverLostTest {
    private static final Logger log = LoggerFactory.getLogger(PaymentNeverLostTest.class);
    static final long CUSTOMER = 7007;
    static final int PRICE_M3 = 270;
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    FakeBotApi telegram;
    FaultServer api;
    BotHarness bot;

    @BeforeEach
    void start() throws Exception {
        telegram = FakeBotApi.start();
        api = new FaultServer();
        api.script(EchoApi.script());
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        api.close();
        telegram.close();
    }

    @Test
    void paymentWhileTheDatabaseRefusesWritesFor40SecondsIsRecordedOnceAndKeyedOnce() throws Exception {
        bot = BotHarness.start(telegram, BotHarness.env(telegram, api.url(), dir), clock);
        String order = buy();
        String query = telegram.preCheckout(CUSTOMER, order, PRICE_M3, "XTR");
        telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);

        long released;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
                Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            telegram.successfulPayment(CUSTOMER, order, PRICE_M3, "charge-locked");
            Thread.sleep(40_000);
            assertThat(payments("charge-locked"))
                    .as("nothing can be written while the lock is held")
                    .isZero();
            st.execute("COMMIT");
            released = System.nanoTime();
        }
        long deadline = released + Duration.ofSeconds(30).toNanos();
        while (payments("charge-locked") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long healedMs = (System.nanoTime() - released) / 1_000_000;
        log.info("event=database_refusal_healed locked_s=40 healed_after_ms={}", healedMs);
        assertThat(payments("charge-locked"))
                .as("the payment row after the refusal")
                .isEqualTo(1);
        telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, Duration.ofSeconds(30));
        awaitConfirmed();
        assertThat(payments("charge-locked")).isEqualTo(1);
        assertThat(keysDelivered()).as("one key").isEqualTo(1);
    }

    @Test
    void webhookAnswers503UntilThePaymentIsCommittedAndTelegramsRetryThenGets200() throws Exception {
        Map<String, String> env = BotHarness.env(telegram, api.url(), dir);
        env.put("WEBHOOK_URL", "http://127.0.0.1/tg/hook");
        env.put("WEBHOOK_SECRET", "webhook-secret-for-tests_0123456789");
        env.put("WEBHOOK_LISTEN", "127.0.0.1:0");
        bot = BotHarness.start(telegram, env, clock, t -> t.withMoney(Duration.ofSeconds(1), Duration.ofHours(1)));
        insertOrder("o-hook");
        String update = TelegramUpdates.successfulPayment(CUSTOMER, 5, "o-hook", PRICE_M3, "charge-hook")
                .put("update_id", 77)
                .toString();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
                Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            assertThat(post(update)).as("not recorded: Telegram must retry").isEqualTo(503);
            assertThat(payments("charge-hook")).isZero();
            st.execute("COMMIT");
        }
        assertThat(post(update))
                .as("Telegram's retry, once the database is back")
                .isEqualTo(200);
        assertThat(payments("charge-hook")).isEqualTo(1);
        assertThat(post(update)).as("a duplicate is confirmed too").isEqualTo(200);
        assertThat(payments("charge-hook")).isEqualTo(1);
    }

    @Test
    void reconciliationRecordsAChargeWhoseUpdateWasLostOnceAndDeliversTheKey() throws Exception {
        bot = BotHarness.start(telegram, BotHarness.env(telegram, api.url(), dir), clock);
        String order = buy();
        telegram.chargeWithoutUpdate(CUSTOMER, order, PRICE_M3, "charge-lost");
        telegram.chargeWithoutUpdate(999, "not-our-order", 5, "charge-foreign");

        assertThat(bot.app.reconciler().runOnce())
                .as("the lost charge, and the foreign one flagged")
                .isEqualTo(2);
        assertThat(payments("charge-lost")).isEqualTo(1);
        telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(bot.app.reconciler().runOnce()).as("idempotent").isZero();
        assertThat(payments("charge-lost")).isEqualTo(1);
        assertThat(telegram.calls("getStarTransactions")).isNotEmpty();
        PaymentRepository repo = new PaymentRepository();
        assertThat(bot.app.database().<String>withHandle(h -> repo.problem(h, "charge-foreign")))
                .isEqualTo("unknown_order");
        assertThat(bot.app.database().<String>withHandle(h -> repo.problem(h, "charge-lost")))
                .isNull();
    }

    private String buy() {
        telegram.sendText(CUSTOMER, "en", "/start");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        int menuId = (int) menu.sequence();
        telegram.pressButton(CUSTOMER, "en", menuId, Menus.BUY);
        telegram.awaitCall("editMessageText", c -> c.chatId() == CUSTOMER, WAIT);
        telegram.pressButton(CUSTOMER, "en", menuId, Menus.PLAN_PREFIX + "m3");
        return telegram.awaitCall("sendInvoice", c -> c.chatId() == CUSTOMER, WAIT)
                .param("payload");
    }

    private void insertOrder(String id) {
        PaymentRepository repo = new PaymentRepository();
        bot.app.database().useTransaction(h -> {
            new com.atlassecure.bot.customers.CustomerRepository().ensure(h, CUSTOMER, clock.instant());
            repo.createOrder(h, new Order(id, CUSTOMER, "m3", 90, PRICE_M3, clock.instant(), null));
        });
    }

    private int post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + bot.app.webhookPort() + "/tg/hook"))
                .header("Content-Type", "application/json")
                .header(WebhookServer.SECRET_HEADER, "webhook-secret-for-tests_0123456789")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Payment rows for the charge, read through a connection of the test's own. */
    private int payments(String charge) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*) FROM payments WHERE telegram_payment_charge_id = '" + charge + "'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private long keysDelivered() {
        return telegram.calls("sendPhoto").stream()
                .filter(c -> c.chatId() == CUSTOMER)
                .count();
    }

    /** Waits until Telegram holds no unconfirmed update and the bot has nothing in flight. */
    private void awaitConfirmed() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((telegram.pendingUpdates() > 0 || bot.app.dispatcher().inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(telegram.pendingUpdates()).as("every update confirmed").isZero();
        // let a duplicate delivery, if any were coming, come
        Thread.sleep(500);
    }
}
