package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.App;
import com.atlassecure.api.store.UserRecord;
import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.payments.PaymentRepository;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.e2e.FaultProxy.Fault;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purchases under faults (issue 8, item 3): the real bot, the real API over a real xray, the fake Bot API, and a
 * fault-injecting proxy between bot and API. Each customer's purchase meets a different fault; one customer's bot is
 * stopped after the payment is recorded and a new bot on the same database finishes the job; one customer's payment
 * update arrives twice and out of order. Every payment must end in exactly one provisioned user at the API, one
 * payment row, and one key delivered.
 */
@RequiresXray
class PurchaseUnderFaultsIT {
    private static final Logger log = LoggerFactory.getLogger(PurchaseUnderFaultsIT.class);
    private static final String API_KEY = "faults-api-key-3c9e1f7a5b2d4e6f8a0c1e3f5a7b9d1e";
    private static final String BOT_TOKEN = "987654321:AAFaultsTokenNeverReal_abcdefghijkl";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PRICE_M3 = 270;

    @TempDir
    Path dir;

    private final ShiftableClock clock = new ShiftableClock(Duration.ZERO);
    private Duration shifted = Duration.ZERO;

    @Test
    void everyPaymentProvisionsExactlyOnceWhateverTheApiAndTheBotGoThrough(XrayBinary binary) throws Exception {
        Map<Long, String> scenario = new LinkedHashMap<>();
        scenario.put(1001L, "connection dropped twice");
        scenario.put(1002L, "500 twice");
        scenario.put(1003L, "slow past the timeout (applied at the API)");
        scenario.put(1004L, "invalid answers: wrong uuid, no link, not JSON (each applied at the API)");
        scenario.put(1005L, "all faults in a row");
        scenario.put(1006L, "payment update twice and a late pre-checkout");
        scenario.put(1007L, "bot stopped after the payment, a new bot on the same database");

        CapturedLogs.clear();
        try (RealityTarget target = RealityTarget.start()) {
            TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
            String shortId = TestRealityKeys.newShortId();
            RealityServerConfig server =
                    RealityServerConfig.builder().reality(target, keys).shortIds(shortId);
            try (XrayProcess xray = XrayProcess.create(binary, server.build()).start();
                    App api = InProcessApiSettings.startWithKey(
                            binary, xray, server, keys, shortId, API_KEY, dir.resolve("api-data"));
                    FaultProxy proxy =
                            new FaultProxy(URI.create("http://127.0.0.1:" + api.port()), Duration.ofMillis(1500));
                    FakeBotApi telegram = FakeBotApi.start()) {
                proxy.script(1001, Fault.DROP, Fault.DROP);
                proxy.script(1002, Fault.ERROR_500, Fault.ERROR_500);
                proxy.script(1003, Fault.SLOW);
                proxy.script(1004, Fault.WRONG_UUID, Fault.NO_LINK, Fault.NOT_JSON);
                proxy.script(
                        1005, Fault.DROP, Fault.ERROR_500, Fault.SLOW, Fault.WRONG_UUID, Fault.NO_LINK, Fault.NOT_JSON);
                Map<String, String> env = botEnv(telegram, proxy.url());

                BotApp bot = startBot(env);
                try {
                    for (long customer = 1001; customer <= 1005; customer++) {
                        pay(telegram, customer, "charge-" + customer);
                    }
                    String order = buy(telegram, 1006);
                    telegram.successfulPayment(1006, order, PRICE_M3, "charge-1006");
                    telegram.successfulPayment(1006, order, PRICE_M3, "charge-1006");
                    telegram.preCheckout(1006, order, PRICE_M3, "XTR"); // arrives after the payment it preceded
                    awaitWhileAdvancing(() -> Set.of(1001L, 1002L, 1003L, 1004L, 1005L, 1006L).stream()
                            .allMatch(c -> keysDelivered(telegram, c) >= 1));

                    proxy.dropAll(1007);
                    pay(telegram, 1007, "charge-1007");
                    awaitWhileAdvancing(() -> proxy.calls().stream().anyMatch(c -> c.telegramId() == 1007));
                } finally {
                    bot.close(); // the payment of 1007 is recorded; its provisioning has failed and waits in the outbox
                }
                assertThat(keysDelivered(telegram, 1007)).isZero();
                proxy.script(1007);
                bot = startBot(env);
                try {
                    awaitWhileAdvancing(() -> keysDelivered(telegram, 1007) >= 1);
                    // Let any duplicate that would come, come: more polls and more backoff time.
                    for (int i = 0; i < 10; i++) {
                        advance(Duration.ofMinutes(15));
                        bot.worker().wake();
                        Thread.sleep(100);
                    }
                    assertExactlyOnce(scenario, api, proxy, telegram, bot);
                } finally {
                    bot.close();
                }
                SecretScan scan = new SecretScan()
                        .secret("the API key", API_KEY)
                        .secret("the REALITY private key", keys.privateKey())
                        .secret("the bot token", BOT_TOKEN)
                        .secret("the bot token's secret part", BOT_TOKEN.substring(BOT_TOKEN.indexOf(':') + 1));
                proxy.calls().forEach(c -> scan.customerUuid(c.uuid()));
                assertThat(CapturedLogs.count()).as("log lines captured").isPositive();
                assertThat(scan.scan(Map.of("API and bot logs under faults", CapturedLogs.text())))
                        .isEmpty();
            }
        }
    }

    private void assertExactlyOnce(
            Map<Long, String> scenario, App api, FaultProxy proxy, FakeBotApi telegram, BotApp bot) {
        PaymentRepository payments = new PaymentRepository();
        SubscriptionRepository subscriptions = new SubscriptionRepository();
        Map<Long, String> report = new LinkedHashMap<>();
        for (long customer : scenario.keySet()) {
            List<FaultProxy.Call> calls = proxy.calls().stream()
                    .filter(c -> c.telegramId() == customer)
                    .collect(Collectors.toList());
            Set<String> uuids = calls.stream().map(FaultProxy.Call::uuid).collect(Collectors.toSet());
            long applied = calls.stream().filter(c -> c.apiStatus() == 200).count();
            long handedOver =
                    calls.stream().filter(FaultProxy.Call::appliedAndHandedOver).count();
            long paid = bot.database().withHandle(h -> payments.countForUser(h, customer));
            Subscription sub = bot.database()
                    .withHandle(h -> subscriptions.find(h, customer))
                    .orElseThrow();
            int delivered = keysDelivered(telegram, customer);
            report.put(
                    customer,
                    scenario.get(customer) + ": api_calls=" + calls.size() + " applied_200=" + applied
                            + " handed_to_bot_200=" + handedOver + " payments=" + paid + " keys=" + delivered);

            assertThat(paid).as("%d: payment rows", customer).isEqualTo(1);
            assertThat(delivered).as("%d: keys delivered", customer).isEqualTo(1);
            assertThat(handedOver)
                    .as("%d: good answers the bot accepted", customer)
                    .isEqualTo(1);
            assertThat(uuids).as("%d: every retry sent the same uuid", customer).hasSize(1);
            assertThat(sub.uuid()).isEqualTo(uuids.iterator().next());
            Optional<UserRecord> atApi = api.store().view().byUuid(sub.uuid());
            assertThat(atApi).as("%d: the user at the API", customer).isPresent();
            assertThat(atApi.get().state()).isEqualTo(UserState.active);
            assertThat(atApi.get().expiryMs())
                    .as("%d: one period paid, one period provisioned", customer)
                    .isEqualTo(sub.expiresAt().toEpochMilli());
        }
        long usersForCustomers = api.store().view().all().stream()
                .filter(r -> r.telegramId() != null && scenario.containsKey(r.telegramId()))
                .count();
        assertThat(usersForCustomers).as("one API user per customer").isEqualTo(scenario.size());
        report.forEach((c, line) -> log.info("event=purchase_fault_result customer={} {}", c, line));
    }

    private void advance(Duration d) {
        shifted = shifted.plus(d);
        clock.shiftTo(shifted);
    }

    private int keysDelivered(FakeBotApi telegram, long customer) {
        return (int) telegram.calls("sendPhoto").stream()
                .filter(c -> c.chatId() == customer)
                .count();
    }

    /** Polls, moving the bot's clock so that outbox backoff elapses at once. */
    private void awaitWhileAdvancing(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
            advance(Duration.ofSeconds(30));
            Thread.sleep(50);
        }
    }

    private void pay(FakeBotApi telegram, long customer, String chargeId) {
        String order = buy(telegram, customer);
        String query = telegram.preCheckout(customer, order, PRICE_M3, "XTR");
        telegram.awaitCall("answerPreCheckoutQuery", c -> query.equals(c.param("pre_checkout_query_id")), WAIT);
        telegram.successfulPayment(customer, order, PRICE_M3, chargeId);
    }

    private String buy(FakeBotApi telegram, long customer) {
        telegram.sendText(customer, "en", "/start");
        RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == customer, WAIT);
        int menuId = (int) menu.sequence();
        telegram.pressButton(customer, "en", menuId, Menus.BUY);
        telegram.awaitCall("editMessageText", c -> c.chatId() == customer, WAIT);
        telegram.pressButton(customer, "en", menuId, Menus.PLAN_PREFIX + "m3");
        return telegram.awaitCall("sendInvoice", c -> c.chatId() == customer, WAIT)
                .param("payload");
    }

    private BotApp startBot(Map<String, String> env) {
        return BotApp.start(
                BotConfig.fromEnv(env),
                clock,
                new BotTimings(Duration.ofMillis(100), Duration.ofHours(1), Duration.ofMillis(40), d -> {}));
    }

    private Map<String, String> botEnv(FakeBotApi telegram, URI apiUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", BOT_TOKEN);
        env.put("APP_ENV", "dev");
        env.put("XRAY_API_URL", apiUrl.toString());
        env.put("XRAY_API_KEY", API_KEY);
        env.put("XRAY_API_TIMEOUT", "1s");
        env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bot.db"));
        env.put("ADMIN_IDS", "9001");
        env.put("TELEGRAM_API_URL", telegram.baseUrl());
        return env;
    }
}
