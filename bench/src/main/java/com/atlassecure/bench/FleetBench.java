package com.atlassecure.bench;

import com.atlassecure.testkit.api.RunningApi;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The node's half of the fleet (issue 17): backfilling N customers onto a new node with {@code POST /users/batch}, and
 * reading its {@code GET /users/digest}, each beside its baseline measured in the same run against the same API: one
 * request per user ({@code /add-user} for the backfill, {@code /user-state} for a check of every user). The baselines
 * run on a sample and are stated per user, so the ratio compares rates, not a 100,000-request wait.
 */
final class FleetBench {
    private static final int BATCH = 1000;
    private static final int DIGEST_READS = 20;

    private final BenchMain.Settings s;
    private final XrayBinary binary;
    private final Report report;

    FleetBench(BenchMain.Settings s, XrayBinary binary, Report report) {
        this.s = s;
        this.binary = binary;
        this.report = report;
    }

    void run(int customers, int sample) throws IOException {
        Log.line("event=fleet_start customers=%d sample=%d", customers, sample);
        long expiry = System.currentTimeMillis() + 30 * BenchMain.DAY_MS;
        try (Scenario sc = new Scenario(binary, s.workDir(), "fleet-" + customers, 0, null, 0);
                RunningApi api = sc.startApi(
                        s.apiJar(), s.apiJvm(), Map.of("API_MAX_USERS", Integer.toString(customers + sample + 10)));
                ApiClient client = new ApiClient(api.port(), Scenario.API_KEY)) {
            // Baseline first, on a node as empty as the batch run's: one /add-user per customer.
            List<BenchUser> singles = Scenario.users(5_000_000, sample);
            long t0 = System.nanoTime();
            for (BenchUser u : singles) {
                require(client.add(u, expiry), "add-user");
            }
            long singleNanos = System.nanoTime() - t0;

            List<BenchUser> fleet = Scenario.users(1, customers);
            long[] batchNanos = new long[(customers + BATCH - 1) / BATCH];
            long b0 = System.nanoTime();
            for (int from = 0, i = 0; from < customers; from += BATCH, i++) {
                long t = System.nanoTime();
                ApiClient.Answer a = client.postForBody(
                        "/users/batch", batch(fleet.subList(from, Math.min(customers, from + BATCH)), expiry));
                require(a.status(), "users/batch");
                if (a.body().contains("\"error\":{")) {
                    throw new IllegalStateException("a batch item failed: "
                            + a.body().substring(0, Math.min(400, a.body().length())));
                }
                batchNanos[i] = System.nanoTime() - t;
            }
            long backfillNanos = System.nanoTime() - b0;
            long live = sc.liveCount();

            long[] digestNanos = new long[DIGEST_READS];
            String digest = "";
            for (int i = 0; i < DIGEST_READS; i++) {
                long t = System.nanoTime();
                ApiClient.Answer a = client.get("/users/digest");
                digestNanos[i] = System.nanoTime() - t;
                require(a.status(), "users/digest");
                digest = a.body();
            }
            long c0 = System.nanoTime();
            for (BenchUser u : singles) {
                require(
                        client.postForBody("/user-state", "{\"uuid\":\"" + u.uuid() + "\"}")
                                .status(),
                        "user-state");
            }
            long checkNanos = System.nanoTime() - c0;

            double singleAddMsPerUser = singleNanos / 1e6 / sample;
            double batchMsPerUser = backfillNanos / 1e6 / customers;
            double checkMsPerUser = checkNanos / 1e6 / sample;
            Arrays.sort(batchNanos);
            Arrays.sort(digestNanos);
            long digestP50 = Stats.percentile(digestNanos, 0.50);
            report.table(
                    "Fleet: backfill of " + customers + " customers onto a new node, and its digest",
                    List.of("measure", "ours", "baseline (one request per user)", "ratio", "target"),
                    List.of(
                            List.of(
                                    "backfill of " + customers + " users",
                                    String.format(
                                            "%.1f s (%d batches of %d, p50 %s / max %s ms each)",
                                            backfillNanos / 1e9,
                                            batchNanos.length,
                                            BATCH,
                                            Stats.ms(Stats.percentile(batchNanos, 0.5)),
                                            Stats.ms(batchNanos[batchNanos.length - 1])),
                                    String.format(
                                            "%.1f s projected (%.3f ms per /add-user over %d)",
                                            singleAddMsPerUser * customers / 1e3, singleAddMsPerUser, sample),
                                    String.format("%.1fx faster", singleAddMsPerUser / batchMsPerUser),
                                    "<= 60 s"),
                            List.of(
                                    "digest of " + customers + " users",
                                    "p50 " + Stats.ms(digestP50) + " ms, max " + Stats.ms(digestNanos[DIGEST_READS - 1])
                                            + " ms (" + DIGEST_READS + " reads)",
                                    String.format(
                                            "%.1f s projected (%.3f ms per /user-state over %d)",
                                            checkMsPerUser * customers / 1e3, checkMsPerUser, sample),
                                    String.format("%.0fx faster", checkMsPerUser * customers / (digestP50 / 1e6)),
                                    "<= 1 s"),
                            List.of(
                                    "users live in Xray after the backfill",
                                    Long.toString(live),
                                    "",
                                    "",
                                    customers + sample + " + 1 held")));
            Log.line("event=fleet_done backfill_ms=%d live=%d digest=%s", backfillNanos / 1_000_000, live, digest);
        }
    }

    private static String batch(List<BenchUser> users, long expiry) {
        StringBuilder b = new StringBuilder(users.size() * 120).append("{\"items\":[");
        for (int i = 0; i < users.size(); i++) {
            BenchUser u = users.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"op\":\"add\",\"telegram_id\":")
                    .append(u.telegramId())
                    .append(",\"uuid\":\"")
                    .append(u.uuid())
                    .append("\",\"expiry_timestamp_ms\":")
                    .append(expiry)
                    .append('}');
        }
        return b.append("]}").toString();
    }

    private static void require(int status, String route) {
        if (status != 200) {
            throw new IllegalStateException(route + " answered " + status);
        }
    }
}
