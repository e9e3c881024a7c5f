package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.telegram.TelegramUpdates;
import com.atlassecure.testkit.xray.FreePorts;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 7: two bot processes ({@code java -jar atlas-bot.jar}, as production runs them) in webhook mode on one
 * PostgreSQL, in front of one real node. The test plays Telegram and delivers every update to both replicas at once,
 * as a retried webhook would reach the other one. Every update is handled once (one menu per /start, one trial, one
 * payment and one key per charge), every outbox job runs once, and every reminder is sent once.
 */
@RequiresXray
class TwoBotReplicasIT {
    static final String TOKEN = "123456789:AATwoReplicasTokenNeverReal_01234567";
    static final String SECRET = "two-replicas-webhook-secret-0123";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final long FIRST = 7_700_001L;
    static final int CUSTOMERS = 4;
    static final long REMINDED = 7_799_001L;
    static final Pattern JOB_DONE = Pattern.compile("event=job_done job=(\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private long nextUpdate = 1;

    @Test
    void twoReplicasOnOnePostgresHandleEveryUpdateJobAndReminderOnce(XrayBinary xray) throws Exception {
        Path jar = Path.of(System.getProperty("atlas.bot.jar", "../bot/target/atlas-bot.jar"));
        assertThat(jar).as("the bot jar, built by the reactor's package phase").exists();
        List<Process> replicas = new ArrayList<>();
        try (AtlasStack node = AtlasStack.startWithoutBot(xray, dir.resolve("node"));
                PostgresFixture pg = PostgresFixture.create();
                FakeBotApi telegram = FakeBotApi.start()) {
            int portA = FreePorts.loopbackPort();
            int portB = FreePorts.loopbackPort();
            replicas.add(BotProcess.launch(jar, env(node, pg, telegram, portA), dir.resolve("replica-a.log")));
            awaitWebhooks(telegram, 1);
            remindedCustomerDueTomorrow(pg);
            long bStarted = System.nanoTime();
            replicas.add(BotProcess.launch(jar, env(node, pg, telegram, portB), dir.resolve("replica-b.log")));
            awaitWebhooks(telegram, 2);
            awaitListening(portA);
            awaitListening(portB);

            for (int i = 0; i < CUSTOMERS; i++) {
                long user = FIRST + i;
                toBoth(portA, portB, TelegramUpdates.message(user, "en", 1, "/start"));
                telegram.awaitCall("sendMessage", c -> c.chatId() == user, WAIT);
                toBoth(portA, portB, TelegramUpdates.callbackQuery(user, "en", "cq-t" + i, 1, Menus.TRIAL));
                telegram.awaitCall("sendPhoto", c -> c.chatId() == user, WAIT);

                toBoth(portA, portB, TelegramUpdates.callbackQuery(user, "en", "cq-b" + i, 1, Menus.BUY));
                telegram.awaitCall("editMessageText", c -> c.chatId() == user, WAIT);
                toBoth(
                        portA,
                        portB,
                        TelegramUpdates.callbackQuery(user, "en", "cq-p" + i, 1, Menus.PLAN_PREFIX + "m1"));
                RecordedCall invoice = telegram.awaitCall("sendInvoice", c -> c.chatId() == user, WAIT);
                String order = invoice.param("payload");
                int amount = invoice.json("prices").get(0).get("amount").asInt();
                String query = "pcq" + i;
                toBoth(portA, portB, TelegramUpdates.preCheckoutQuery(user, query, order, amount, "XTR"));
                telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
                telegram.chargeWithoutUpdate(user, order, amount, "charge-two-" + i);
                toBoth(
                        portA,
                        portB,
                        TelegramUpdates.successfulPayment(user, 100 + i, order, amount, "charge-two-" + i));
            }
            awaitNoJobs(pg);
            // Both replicas run reminders one interval (a minute) after they start; wait out the second one's.
            while (System.nanoTime() - bStarted < Duration.ofSeconds(75).toNanos()) {
                Thread.sleep(500);
            }
            awaitNoJobs(pg);

            for (int i = 0; i < CUSTOMERS; i++) {
                long user = FIRST + i;
                assertThat(telegram.calls("sendInvoice").stream().filter(c -> c.chatId() == user))
                        .as("one invoice: the plan button was handled once")
                        .hasSize(1);
                assertThat(telegram.calls("sendPhoto").stream().filter(c -> c.chatId() == user))
                        .as("two keys for customer " + user + ": the trial's and the payment's, each once")
                        .hasSize(2);
                assertThat(count(pg, "SELECT COUNT(*) FROM payments WHERE user_id = " + user))
                        .isEqualTo(1);
                assertThat(count(pg, "SELECT COUNT(*) FROM outbox_jobs WHERE user_id = " + user))
                        .as("one job for the trial, one for the payment")
                        .isEqualTo(2);
            }
            assertThat(telegram.calls("sendMessage").stream().filter(c -> c.chatId() == REMINDED))
                    .as("the customer due tomorrow is reminded once by two replicas")
                    .hasSize(1);
            Map<String, Integer> runs = jobRuns(dir.resolve("replica-a.log"), dir.resolve("replica-b.log"));
            assertThat(runs).as("every job ran").hasSize((int) count(pg, "SELECT COUNT(*) FROM outbox_jobs"));
            assertThat(runs.values()).as("and ran once").containsOnly(1);
            assertThat(node.api().digest().path("count").asLong())
                    .as("the node holds each customer once")
                    .isEqualTo(CUSTOMERS);
        } finally {
            for (Process p : replicas) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private Map<String, String> env(AtlasStack node, PostgresFixture pg, FakeBotApi telegram, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", TOKEN);
        env.put("APP_ENV", "dev");
        env.put(
                "XRAY_API_NODES",
                "[{\"name\":\"de-1\",\"country\":\"DE\",\"url\":\"" + node.apiUrl() + "\",\"key\":\"" + node.apiKey()
                        + "\",\"signing_secret\":\"" + node.signingSecret() + "\"}]");
        env.put("DATABASE_URL", pg.jdbcUrl() + "?user=" + pg.user() + "&password=" + pg.password());
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        env.put("WEBHOOK_URL", "https://bot.example.test/telegram");
        env.put("WEBHOOK_SECRET", SECRET);
        env.put("WEBHOOK_LISTEN", "127.0.0.1:" + port);
        return env;
    }

    /** Delivers one update to both replicas at the same moment, with one update_id, as a retried webhook would. */
    private void toBoth(int portA, int portB, ObjectNode update) throws Exception {
        update.put("update_id", nextUpdate++);
        byte[] body = update.toString().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<HttpResponse<String>> a = post(portA, body);
        CompletableFuture<HttpResponse<String>> b = post(portB, body);
        assertThat(a.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(b.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> post(int port, byte[] body) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram"))
                        .header("Content-Type", "application/json")
                        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitWebhooks(FakeBotApi telegram, int replicas) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (telegram.calls("setWebhook").size() < replicas) {
            assertThat(System.nanoTime())
                    .as(replicas + " replicas set their webhook")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                assertThat(System.nanoTime())
                        .as("replica on :" + port + " listens")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** A customer with a key whose access ends in 20 hours: due for the one-day reminder. */
    private static void remindedCustomerDueTomorrow(PostgresFixture pg) throws Exception {
        long now = Instant.now().toEpochMilli();
        long expires = now + Duration.ofHours(20).toMillis();
        String uuid = UUID.randomUUID().toString();
        try (Connection c = pg.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO users (id, language, created_at) VALUES (" + REMINDED + ", 'en', " + now + ")");
            st.execute("INSERT INTO subscriptions (user_id, requested_uuid, uuid, expires_at, updated_at) VALUES ("
                    + REMINDED + ", '" + uuid + "', '" + uuid + "', " + expires + ", " + now + ")");
            st.execute("INSERT INTO node_keys (user_id, node, uuid, vless_link, provisioned_expires_at, updated_at)"
                    + " VALUES (" + REMINDED + ", 'de-1', '" + uuid + "', 'vless://" + uuid + "@example.test:4443', "
                    + expires + ", " + now + ")");
        }
    }

    private static long count(PostgresFixture pg, String sql) throws Exception {
        try (Connection c = pg.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitNoJobs(PostgresFixture pg) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(pg, "SELECT COUNT(*) FROM outbox_jobs WHERE done_at IS NULL") > 0) {
            assertThat(System.nanoTime()).as("every job is done").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** How many times each job id was run to completion, across the replicas' logs. */
    private static Map<String, Integer> jobRuns(Path... logs) throws IOException {
        Map<String, Integer> runs = new HashMap<>();
        for (Path log : logs) {
            Matcher m = JOB_DONE.matcher(Files.readString(log));
            while (m.find()) {
                runs.merge(m.group(1), 1, Integer::sum);
            }
        }
        return runs;
    }
}
