package com.atlassecure.api.bench;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.XrayBinary;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manual load measurement of add-user over HTTP against real xray (not a test: it asserts nothing and is run by
 * hand, see docs/decisions/0003). Args: existing-clients single-caller-requests callers concurrent-requests.
 * The existing clients are put into config.json before start, so they also exercise the first-start import.
 */
public final class AddUserBenchmark {
    private static final AtomicLong NEXT_TELEGRAM_ID = new AtomicLong(10_000_000);

    public static void main(String[] args) throws Exception {
        int existing = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int single = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int concurrent = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;

        ApiUnderTest.Options options = new ApiUnderTest.Options();
        options.renderDelay = Duration.ofSeconds(1);
        options.serverConfig = (RealityServerConfig c) -> {
            c.logLevel("warning");
            for (int i = 0; i < existing; i++) {
                c.client(UUID.randomUUID().toString(), "user_" + (1_000_000 + i), RealityServerConfig.VISION);
            }
        };
        long t0 = System.nanoTime();
        try (ApiUnderTest api = new ApiUnderTest(XrayBinary.require(), options)) {
            System.out.printf("start with %d existing clients: %.1f s%n", existing, (System.nanoTime() - t0) / 1e9);
            run(api, 1, 500); // warm-up
            long[] lat = run(api, 1, single);
            Arrays.sort(lat);
            System.out.printf(
                    "single caller: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    lat.length, pct(lat, 0.50), pct(lat, 0.99), lat[lat.length - 1] / 1e6);
            long start = System.nanoTime();
            long[] clat = run(api, callers, concurrent);
            double secs = (System.nanoTime() - start) / 1e9;
            Arrays.sort(clat);
            System.out.printf(
                    "%d callers: n=%d %.0f adds/s p50=%.2f ms p99=%.2f ms%n",
                    callers, clat.length, clat.length / secs, pct(clat, 0.50), pct(clat, 0.99));
            System.gc();
            Thread.sleep(2_000);
            System.out.printf(
                    "clients=%d heap_used=%d MB rss(this JVM, incl. load generator)=%s%n",
                    api.app.store().view().activeCount(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                    Files.readAllLines(Path.of("/proc/self/status")).stream()
                            .filter(l -> l.startsWith("VmRSS"))
                            .findFirst()
                            .orElse("?"));
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static long[] run(ApiUnderTest api, int callers, int requests) throws Exception {
        long[] lat = new long[requests];
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        Future<?>[] fs = new Future<?>[requests];
        for (int i = 0; i < requests; i++) {
            int idx = i;
            fs[i] = pool.submit(() -> {
                String body = addUserJson(
                        NEXT_TELEGRAM_ID.incrementAndGet(), UUID.randomUUID().toString(), api.inAMonth());
                long s = System.nanoTime();
                HttpResponse<String> r = api.post("/add-user", body);
                lat[idx] = System.nanoTime() - s;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.statusCode() + " " + r.body());
                }
                return null;
            });
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return lat;
    }
}
