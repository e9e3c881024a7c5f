package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's end-to-end test: three real nodes (atlas-api init, xray and the API as its own process, each with its
 * own key and signing secret), the bot on PostgreSQL, the fake Bot API. A burst of Stars payments arrives while one
 * node's API is killed with {@code kill -9}; it is restarted later. Afterwards every node holds every paid customer,
 * every payment was counted once, and a real client carries bytes through each node's link.
 */
@RequiresXray
class FleetKillXrayIT {
    static final int CUSTOMERS = 8;
    static final Duration WAIT = Duration.ofSeconds(90);
    static final long FIRST = 6_100_001L;

    @TempDir
    Path dir;

    @Test
    void aBurstOfPaymentsWhileANodeIsKilledEndsWithEveryPaidCustomerOnEveryNode(XrayBinary xray) throws Exception {
        Map<String, AtlasStack> nodes = new LinkedHashMap<>();
        try (BotDatabase.Opened database = BotDatabase.POSTGRESQL.open(dir);
                FakeBotApi telegram = FakeBotApi.start();
                LoopbackHttpServer web = LoopbackHttpServer.start("through every node")) {
            for (String name : List.of("n1", "n2", "n3")) {
                nodes.put(name, AtlasStack.startWithoutBot(xray, dir.resolve(name)));
            }
            telegram.maxLongPoll(Duration.ofMillis(500));
            try (BotApp bot = startBot(nodes, database, telegram)) {
                List<Customer> customers = new ArrayList<>();
                List<Customer.Invoice> invoices = new ArrayList<>();
                for (int i = 0; i < CUSTOMERS; i++) {
                    Customer c = new Customer(FIRST + i, telegram);
                    customers.add(c);
                    invoices.add(c.checkout("m1"));
                }

                AtlasStack killed = nodes.get("n2");
                for (int i = 0; i < CUSTOMERS; i++) {
                    if (i == CUSTOMERS / 2) {
                        killed.killApi();
                    }
                    Customer.Invoice inv = invoices.get(i);
                    telegram.successfulPayment(FIRST + i, inv.orderId(), inv.amount(), "charge-" + i);
                }
                for (int i = 0; i < CUSTOMERS; i++) {
                    long user = FIRST + i;
                    telegram.awaitCall("sendMessage", c -> c.chatId() == user && c.json("entities") != null, WAIT);
                }
                for (int i = 0; i < com.atlassecure.bot.nodes.NodeHealth.DOWN_AFTER; i++) {
                    bot.nodes().health("n2").pollOnce();
                }
                killed.restartApi();
                assertThat(bot.nodes().health("n2").pollOnce())
                        .as("n2 answers again, and its waiting jobs run now")
                        .isTrue();
                awaitNoJobs(bot);

                assertThat(bot.database()
                                .<Long>withHandle(h -> h.createQuery(
                                                "SELECT COUNT(DISTINCT telegram_payment_charge_id) FROM payments")
                                        .mapTo(Long.class)
                                        .one()))
                        .isEqualTo(CUSTOMERS);
                SubscriptionRepository subscriptions = new SubscriptionRepository();
                for (int i = 0; i < CUSTOMERS; i++) {
                    long user = FIRST + i;
                    Subscription sub = bot.database()
                            .withHandle(h -> subscriptions.find(h, user))
                            .orElseThrow();
                    long paidAt = bot.database()
                            .withHandle(h -> h.createQuery("SELECT paid_at FROM payments WHERE user_id = :u")
                                    .bind("u", user)
                                    .mapTo(Long.class)
                                    .one());
                    long days = Duration.ofMillis(sub.expiresAt().toEpochMilli() - paidAt)
                            .toDays();
                    assertThat(days)
                            .as("one payment's days for customer " + user)
                            .isBetween(29L, 31L);
                    assertThat(sub.keys()).extracting(NodeKey::node).containsExactly("n1", "n2", "n3");
                }
                for (String name : nodes.keySet()) {
                    assertThat(bot.nodes().drift(name).runOnce().inSync())
                            .as(name + " holds exactly the paid customers")
                            .isTrue();
                    assertThat(nodes.get(name).liveUsers())
                            .as("xray on " + name + " holds every paid customer")
                            .isEqualTo(CUSTOMERS);
                }

                Subscription first = bot.database()
                        .withHandle(h -> subscriptions.find(h, FIRST + CUSTOMERS - 1))
                        .orElseThrow();
                for (NodeKey key : first.keys()) {
                    try (Tunnel tunnel = Tunnel.open(xray, ShareLink.parse(key.vlessLink()))) {
                        SocksHttp.Response response = tunnel.get(web.uri(), Duration.ofSeconds(60));
                        assertThat(response.status())
                                .as("bytes through " + key.node())
                                .isEqualTo(200);
                        assertThat(response.body()).isEqualTo("through every node");
                    }
                }
            }
        } finally {
            nodes.values().forEach(AtlasStack::close);
        }
    }

    private static BotApp startBot(Map<String, AtlasStack> nodes, BotDatabase.Opened db, FakeBotApi telegram) {
        List<String> json = new ArrayList<>();
        nodes.forEach((name, stack) -> json.add("{\"name\":\"" + name + "\",\"country\":\"DE\",\"url\":\""
                + stack.apiUrl() + "\",\"key\":\"" + stack.apiKey() + "\",\"signing_secret\":\""
                + stack.signingSecret() + "\"}"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BOT_TOKEN", "123456789:AAFleetKillTokenNeverReal_0123456789");
        env.put("APP_ENV", "prod");
        env.put("PROD_XRAY_API_NODES", "[" + String.join(",", json) + "]");
        env.put("XRAY_API_TIMEOUT", "3s");
        env.put("DATABASE_URL", db.databaseUrl());
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        BotTimings timings = new BotTimings(
                Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(40), d -> Thread.sleep(d.toMillis()));
        return BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings);
    }

    private static void awaitNoJobs(BotApp bot) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bot.database().<Long>withHandle(h -> bot.provisioning().pending(h)) > 0) {
            assertThat(System.nanoTime()).as("every job is done").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
