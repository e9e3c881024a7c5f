package com.atlassecure.bench;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot's half of the fleet (issue 17): from a payment's commit to a working key on every healthy node, with the
 * bot in this process (its real worker lanes, real database) and each node a real API process beside its own real
 * xray. The baseline, measured in the same run on the same nodes and database, is a fleet of one node: the ratio says
 * what the other nodes cost. One row keeps a node's API stopped, to show the others do not wait for it.
 *
 * <p>Latency is the latest {@code node_keys.updated_at} of the customer (the worker writes it after the node's API
 * answered, that is after Xray holds the user) minus the wall-clock time just after the payment's transaction
 * committed; both are milliseconds of the same clock. Payments run one at a time, so this is the path, not a queue.
 */
final class FleetDeliveryBench {
    private static final String TOKEN = "123456789:bench-fleet-token-ABCDEFGHIJKLMNO";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BenchMain.Settings s;
    private final XrayBinary binary;
    private final Report report;
    private long nextUser = 7_000_000_000L;

    FleetDeliveryBench(BenchMain.Settings s, XrayBinary binary, Report report) {
        this.s = s;
        this.binary = binary;
        this.report = report;
    }

    /** A node: its xray and its API, with a key of its own. */
    private record Node(String name, String key, Scenario scenario, RunningApi api) {
        String json() {
            return "{\"name\":\"" + name + "\",\"country\":\"DE\",\"url\":\"http://127.0.0.1:" + api.port()
                    + "\",\"key\":\"" + key + "\"}";
        }
    }

    void run(int nodeCount, int payments) throws IOException {
        Log.line("event=fleet_delivery_start nodes=%d payments=%d", nodeCount, payments);
        List<Node> nodes = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (int i = 1; i <= nodeCount; i++) {
                Scenario sc = new Scenario(binary, s.workDir(), "delivery-n" + i, 0, null, 0);
                open.add(sc);
                String key = Scenario.API_KEY + "-n" + i;
                RunningApi api = sc.startApi(s.apiJar(), s.apiJvm(), Map.of("XRAY_API_KEY", key));
                open.add(api);
                nodes.add(new Node("n" + i, key, sc, api));
            }
            List<List<String>> rows = new ArrayList<>();
            measureOn("SQLite", nodes, payments, rows, dir -> "jdbc:sqlite:" + dir.resolve("bot.db"));
            try (PostgresFixture pg = PostgresFixture.create()) {
                int[] db = {0};
                measureOn("PostgreSQL", nodes, payments, rows, dir -> {
                    // A fresh database per bot, so each starts empty.
                    String name = "bench" + (++db[0]);
                    try (var c = pg.dataSource().getConnection();
                            var st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + name);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    String url = pg.jdbcUrl();
                    return url.substring(0, url.lastIndexOf('/') + 1) + name + "?user=" + pg.user() + "&password="
                            + pg.password();
                });
            }
            report.table(
                    "Fleet: payment to a working key on every healthy node (bot in process, real APIs and xrays)",
                    List.of(
                            "database",
                            "fleet",
                            "payments",
                            "p50 / p99 / max ms",
                            "p99 vs. a fleet of one (same run)",
                            "target p99 ≤ 2,000 ms"),
                    rows);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    Log.line("event=close_failed error=%s", e);
                }
            }
        }
    }

    private void measureOn(
            String database,
            List<Node> nodes,
            int payments,
            List<List<String>> rows,
            java.util.function.Function<Path, String> databaseUrl)
            throws IOException {
        long[] one = measure(database, nodes.subList(0, 1), nodes.subList(0, 1), payments, databaseUrl);
        long[] all = measure(database, nodes, nodes, payments, databaseUrl);
        Node down = nodes.get(nodes.size() - 1);
        // The last node's API is stopped for this row and started again after it.
        down.api().close();
        long[] degraded;
        try {
            degraded = measure(database, nodes, nodes.subList(0, nodes.size() - 1), payments, databaseUrl);
        } finally {
            restart(nodes, down);
        }
        long oneP99 = Stats.percentile(one, 0.99);
        rows.add(row(database, "1 node (baseline)", one, oneP99));
        rows.add(row(database, nodes.size() + " nodes", all, oneP99));
        rows.add(row(database, nodes.size() + " nodes, " + down.name() + "'s API stopped", degraded, oneP99));
    }

    private void restart(List<Node> nodes, Node down) {
        RunningApi api = down.scenario().startApi(s.apiJar(), s.apiJvm(), Map.of("XRAY_API_KEY", down.key()));
        nodes.set(nodes.indexOf(down), new Node(down.name(), down.key(), down.scenario(), api));
    }

    private static List<String> row(String database, String fleet, long[] sortedMs, long baselineP99) {
        long p99 = Stats.percentile(sortedMs, 0.99);
        return List.of(
                database,
                fleet,
                Integer.toString(sortedMs.length),
                Stats.percentile(sortedMs, 0.50) + " / " + p99 + " / " + sortedMs[sortedMs.length - 1],
                String.format("%.2f×", p99 / (double) Math.max(1, baselineP99)),
                p99 <= 2000 ? "met" : "missed");
    }

    /**
     * Starts a bot on {@code fleet}, pays {@code payments} times one at a time, and returns the sorted latencies (ms)
     * to a key on each of {@code healthy}.
     */
    private long[] measure(
            String database,
            List<Node> fleet,
            List<Node> healthy,
            int payments,
            java.util.function.Function<Path, String> databaseUrl)
            throws IOException {
        Path dir = Files.createTempDirectory(s.workDir(), "delivery-bot");
        Map<String, String> env = new HashMap<>();
        env.put("BOT_TOKEN", TOKEN);
        env.put("APP_ENV", "dev");
        env.put(
                "XRAY_API_NODES",
                "[" + String.join(",", fleet.stream().map(Node::json).toList()) + "]");
        env.put("XRAY_API_TIMEOUT", "3s");
        env.put("DATABASE_URL", databaseUrl.apply(dir));
        long[] latencies = new long[payments];
        try (FakeBotApi telegram = FakeBotApi.start()) {
            env.put("TELEGRAM_API_URL", telegram.baseUrl());
            BotTimings timings = new BotTimings(
                    Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofMillis(40), d -> Thread.sleep(d.toMillis()));
            try (BotApp bot = BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings)) {
                for (int i = -Math.min(20, payments); i < payments; i++) {
                    long user = nextUser++;
                    long committed = pay(bot, user);
                    long done = awaitKeys(bot, user, healthy);
                    if (i >= 0) { // the first ones warm the JIT and the connections
                        latencies[i] = done - committed;
                    }
                }
            }
        }
        java.util.Arrays.sort(latencies);
        Log.line(
                "event=fleet_delivery database=%s fleet=%d healthy=%d p50_ms=%d p99_ms=%d",
                database,
                fleet.size(),
                healthy.size(),
                Stats.percentile(latencies, 0.5),
                Stats.percentile(latencies, 0.99));
        return latencies;
    }

    private static long pay(BotApp bot, long user) {
        Instant now = Instant.now();
        bot.database().useTransaction(h -> {
            new CustomerRepository().ensure(h, user, now);
            bot.provisioning().extend(h, user, 30, null, now);
        });
        return System.currentTimeMillis();
    }

    /** Waits until every healthy node's key is stored; returns the latest store time (ms). */
    private static long awaitKeys(BotApp bot, long user, List<Node> healthy) {
        List<String> names = healthy.stream().map(Node::name).toList();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long[] seen = bot.database()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, MAX(updated_at) AS t FROM node_keys WHERE"
                                    + " user_id = :u AND node IN (<nodes>)")
                            .bind("u", user)
                            .bindList("nodes", names)
                            .map((rs, ctx) -> new long[] {rs.getLong("n"), rs.getLong("t")})
                            .one());
            if (seen[0] == names.size()) {
                return seen[1];
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "no key on every healthy node of " + names + " for " + user + " within " + WAIT);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
