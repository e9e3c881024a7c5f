package com.atlassecure.bot.bench;

import com.atlassecure.bot.BotApp;
import com.atlassecure.bot.BotTimings;
import com.atlassecure.bot.config.BotConfig;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.bot.support.ScriptedXrayApi;
import com.atlassecure.testkit.postgres.PostgresFixture;
import com.atlassecure.testkit.telegram.FakeBotApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;

/**
 * Measures (does not assert) subscription fetches: 10,000 customers with a key on two nodes each, fetched by 64
 * callers over loopback HTTP from the bot's own listener, traffic from the cache (filled once from the nodes, as the
 * once-a-minute timer does). Each kind is measured paced (1,000 fetches/s offered: the target's p99) and flat out
 * (throughput), each after a warm-up: the baseline, a well-formed unknown token (the same HTTP stack, limiter and
 * token lookup, answered 404); base64 (no User-Agent); sing-box JSON; and, flat out only, the HTML page. Not run by
 * the normal build (the name matches neither *Test nor *IT); run it with
 * {@code ./mvnw -B verify -pl testkit,bot -am -Dtest=SubscriptionFetchBenchmark#measure
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.db=sqlite} for the embedded default instead of PostgreSQL).
 */
class SubscriptionFetchBenchmark {
    static final int CUSTOMERS = Integer.getInteger("bench.customers", 10_000);
    static final int CALLERS = Integer.getInteger("bench.callers", 64);
    static final Duration PHASE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    static final Duration WARM = Duration.ofSeconds(3);
    static final String DB = System.getProperty("bench.db", "postgresql");
    static final String[] NODES = {"de-1", "nl-1"};
    static final int PACED_RATE = Integer.getInteger("bench.rate", 1000);
    static final String SING_BOX_UA = "SFA/1.11.9 (sing-box 1.14.1)";

    @Test
    void measure() throws Exception {
        try (PostgresFixture pg = PostgresFixture.create();
                FakeBotApi telegram = FakeBotApi.start();
                FaultServer api = new FaultServer()) {
            Path dir = Files.createTempDirectory("bench");
            Map<String, String> env = BotHarness.env(telegram, api.url(), dir);
            env.remove("XRAY_API_URL");
            String key = "k".repeat(40);
            env.put(
                    "XRAY_API_NODES",
                    "[{\"name\":\"de-1\",\"country\":\"DE\",\"url\":\"" + api.url() + "\",\"key\":\"" + key
                            + "\"},{\"name\":\"nl-1\",\"country\":\"NL\",\"url\":\"" + api.url() + "\",\"key\":\""
                            + "m".repeat(40) + "\"}]");
            env.remove("XRAY_API_KEY");
            env.put("SUBSCRIPTION_BASE_URL", "https://sub.atlas.test");
            env.put("SUBSCRIPTION_LISTEN", "127.0.0.1:0");
            env.put("SUBSCRIPTION_RATE_PER_MINUTE", "1000000");
            if (!DB.equals("sqlite")) {
                String credentials =
                        pg.user() + (pg.password() == null || pg.password().isEmpty() ? "" : ":" + pg.password());
                env.put("DATABASE_URL", pg.jdbcUrl().replace("jdbc:postgresql://", "postgres://" + credentials + "@"));
            }
            BotTimings timings =
                    new BotTimings(Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMillis(40), d -> {});
            try (BotApp app = BotApp.start(BotConfig.fromEnv(env), Clock.systemUTC(), timings)) {
                List<String> uuids = new ArrayList<>();
                List<String> tokens = seed(app.database(), uuids);
                String traffic = uuids.stream()
                        .map(u -> "{\"uuid\":\"" + u + "\",\"uplink_bytes\":123456,\"downlink_bytes\":7654321}")
                        .collect(Collectors.joining(",", "{\"users\":[", "]}"));
                api.script(request -> FaultServer.Reply.status(200, traffic));
                System.out.printf(
                        "BENCHMARK_SUB traffic_nodes_read=%d%n", app.web().refreshTraffic());
                String base = "http://127.0.0.1:" + app.web().port() + "/sub/";
                List<String> unknown = tokens.stream()
                        .map(t -> (t.charAt(0) == 'g' ? "h" : "g") + t.substring(1))
                        .toList();
                run("warm_up", base, tokens, Map.of(), 200, 0);
                // Paced: the target's 1,000 fetches/s offered by 64 callers, each on its own schedule, latency counted
                // from when the fetch was due (so a stall is not hidden by the callers waiting for it).
                run("paced_baseline_404", base, unknown, Map.of(), 404, PACED_RATE);
                run("paced_base64", base, tokens, Map.of(), 200, PACED_RATE);
                run("paced_sing_box", base, tokens, Map.of("User-Agent", SING_BOX_UA), 200, PACED_RATE);
                // Flat out: every caller fetches back to back; this measures throughput, and its latency is mostly
                // queueing for the two cores that the callers share with the bot.
                run("max_baseline_404", base, unknown, Map.of(), 404, 0);
                run("max_base64", base, tokens, Map.of(), 200, 0);
                run("max_sing_box", base, tokens, Map.of("User-Agent", SING_BOX_UA), 200, 0);
                run("max_page", base, tokens, Map.of("Accept", "text/html"), 200, 0);
            }
        }
    }

    /** 10,000 customers, each with a token, access for 30 days and a key with client configs on both nodes. */
    static List<String> seed(Database db, List<String> uuids) {
        long now = Instant.now().toEpochMilli();
        long expires = now + Duration.ofDays(30).toMillis();
        List<String> tokens = new ArrayList<>();
        String alphabet = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ";
        db.useTransaction(h -> {
            PreparedBatch users =
                    h.prepareBatch("INSERT INTO users (id, language, created_at) VALUES (:id, 'en', :now)");
            PreparedBatch subs = h.prepareBatch("INSERT INTO subscriptions (user_id, requested_uuid, uuid, expires_at,"
                    + " updated_at) VALUES (:id, :uuid, :uuid, :expires, :now)");
            PreparedBatch keys = h.prepareBatch(
                    "INSERT INTO node_keys (user_id, node, uuid, vless_link, client_configs,"
                            + " provisioned_expires_at, updated_at) VALUES (:id, :node, :uuid, :link, :configs, :expires, :now)");
            PreparedBatch toks =
                    h.prepareBatch("INSERT INTO sub_tokens (user_id, token, issued_at) VALUES (:id, :token, :now)");
            for (int i = 0; i < CUSTOMERS; i++) {
                long id = 10_000_000L + i;
                String uuid = UUID.randomUUID().toString();
                StringBuilder token = new StringBuilder();
                for (int c = 0; c < 25; c++) {
                    token.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
                }
                uuids.add(uuid);
                tokens.add(token.toString());
                users.bind("id", id).bind("now", now).add();
                subs.bind("id", id)
                        .bind("uuid", uuid)
                        .bind("expires", expires)
                        .bind("now", now)
                        .add();
                for (String node : NODES) {
                    keys.bind("id", id)
                            .bind("node", node)
                            .bind("uuid", uuid)
                            .bind("link", ScriptedXrayApi.linkFor(uuid))
                            .bind("configs", EchoApi.clientConfigs(uuid))
                            .bind("expires", expires)
                            .bind("now", now)
                            .add();
                }
                toks.bind("id", id)
                        .bind("token", token.toString())
                        .bind("now", now)
                        .add();
            }
            users.execute();
            subs.execute();
            keys.execute();
            toks.execute();
        });
        return tokens;
    }

    static void run(String phase, String base, List<String> tokens, Map<String, String> headers, int status, int rate)
            throws Exception {
        long interval = rate == 0 ? 0 : 1_000_000_000L * CALLERS / rate;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8))
                .build();
        measureFor(WARM, http, base, tokens, headers, status, interval);
        long started = System.nanoTime();
        long[] nanos = measureFor(PHASE, http, base, tokens, headers, status, interval);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(
                "BENCHMARK_SUB db=%s phase=%s customers=%d callers=%d fetches=%d seconds=%.2f fetches_per_s=%.0f"
                        + " p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                DB,
                phase,
                CUSTOMERS,
                CALLERS,
                nanos.length,
                seconds,
                nanos.length / seconds,
                nanos[nanos.length / 2] / 1e6,
                nanos[(int) (nanos.length * 0.99)] / 1e6,
                nanos[nanos.length - 1] / 1e6);
    }

    /**
     * Every caller fetches random tokens for {@code span}, back to back ({@code interval} 0) or one every {@code
     * interval} ns on its own schedule; returns every fetch's latency (paced: from when it was due).
     */
    static long[] measureFor(
            Duration span,
            HttpClient http,
            String base,
            List<String> tokens,
            Map<String, String> headers,
            int status,
            long interval)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        long end = System.nanoTime() + span.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        long first = System.nanoTime();
        for (int c = 0; c < CALLERS; c++) {
            long offset = interval * c / CALLERS;
            results.add(callers.submit(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                long due = first + offset;
                while (System.nanoTime() < end) {
                    if (interval > 0) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + token));
                    headers.forEach(b::header);
                    long t0 = interval > 0 ? due : System.nanoTime();
                    HttpResponse<byte[]> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - t0;
                    due += interval;
                    if (r.statusCode() != status) {
                        throw new IllegalStateException("status " + r.statusCode() + " for " + base);
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                }
                return Arrays.copyOf(mine, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        callers.shutdown();
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
