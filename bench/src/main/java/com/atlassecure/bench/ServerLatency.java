package com.atlassecure.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's own view of a phase's latency, from the request histogram it publishes on /metrics: two scrapes, the
 * difference of their cumulative buckets, and the bucket bound that holds the 99th percentile. It separates the
 * time spent inside the API from the load generator and the loopback, which share the same two cores.
 */
final class ServerLatency {
    private static final Pattern BUCKET = Pattern.compile(
            "^atlas_api_requests_seconds_bucket\\{([^}]*)le=\"([^\"]+)\"[^}]*\\}\\s+([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerLatency() {}

    /** Cumulative count per bucket bound (seconds) of successful requests to {@code route}. */
    static Map<Double, Double> scrape(int port, String route) {
        String text;
        try {
            text = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape /metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping /metrics", e);
        }
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("route=\"" + route + "\"") && labels.contains("status=\"200\"")) {
                double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
                buckets.merge(le, Double.parseDouble(m.group(3)), Double::sum);
            }
        }
        return buckets;
    }

    /** The upper bound, in nanoseconds, of the bucket holding quantile {@code q} of the requests between scrapes. */
    static long quantileBoundNanos(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total =
                after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return 0;
        }
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            double inBucket = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (inBucket >= Math.ceil(q * total)) {
                return e.getKey().isInfinite() ? Long.MAX_VALUE : (long) (e.getKey() * 1e9);
            }
        }
        return Long.MAX_VALUE;
    }
}
