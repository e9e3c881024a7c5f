package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.config.ApiSettings;
import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.support.CaddyProxy;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Finding H1 measured the way it was found: the real Caddy, configured from {@code deploy/proxy/Caddyfile}, in front
 * of the API with the production budgets (600 authenticated requests and 30 failed authentications per client and
 * minute) and signing required. Four loops send 10,000 requests without a key or with a wrong one, one of them from
 * the bot's own address, while a client signing as the bot does provisions users through the same proxy. Every one
 * of the bot's calls must succeed.
 */
@RequiresXray
class ProxyFloodXrayIT {
    private static final int FLOOD_REQUESTS = 10_000;
    private static final String[] FLOOD_SOURCES = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"};

    @Test
    void tenThousandUnauthenticatedRequestsThroughCaddyNeverRefuseASignedCall(XrayBinary binary) throws Exception {
        CaddyProxy.binaryOrAbort();
        ApiUnderTest.Options options = new ApiUnderTest.Options();
        options.signing = SigningMode.REQUIRED;
        options.rateLimitPerMinute = 600; // the production defaults (ApiSettings)
        options.authFailuresPerMinute = ApiSettings.DEFAULT_AUTH_FAILURES_PER_MINUTE;
        try (ApiUnderTest api = new ApiUnderTest(binary, options);
                CaddyProxy caddy = CaddyProxy.start(Path.of("..", "deploy", "proxy", "Caddyfile"), api.app.port())) {
            URI base = URI.create("http://127.0.0.1:" + caddy.port);
            Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
            AtomicInteger floodSent = new AtomicInteger();
            AtomicInteger floodErrors = new AtomicInteger();
            CountDownLatch floodDone = new CountDownLatch(FLOOD_SOURCES.length);
            long started = System.nanoTime();
            for (int i = 0; i < FLOOD_SOURCES.length; i++) {
                String source = FLOOD_SOURCES[i];
                boolean withWrongKey = i % 2 == 0;
                Thread t = new Thread(
                        () -> {
                            try {
                                flood(caddy.port, source, withWrongKey, floodSent, floodStatuses, floodErrors);
                            } finally {
                                floodDone.countDown();
                            }
                        },
                        "flood-" + source);
                t.setDaemon(true);
                t.start();
            }

            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<String> refused = new ArrayList<>();
            int botCalls = 0;
            long expiry = Instant.now().plus(Duration.ofDays(30)).toEpochMilli();
            // Well under the bot's own 600 per minute, and about as fast as a backlog drains.
            while (floodDone.getCount() > 0 && botCalls < 400) {
                HttpResponse<String> r = signedAdd(http, base, 70_000 + botCalls, expiry);
                botCalls++;
                if (r.statusCode() != 200) {
                    refused.add(r.statusCode() + " " + r.body());
                }
                Thread.sleep(25);
            }
            assertThat(floodDone.await(60, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the flood finished")
                    .isTrue();
            double seconds = (System.nanoTime() - started) / 1e9;
            int refusedFlood =
                    floodStatuses.values().stream().mapToInt(AtomicInteger::get).sum();
            System.out.printf(
                    Locale.ROOT,
                    "event=proxy_flood flood_requests=%d seconds=%.1f flood_statuses=%s"
                            + " flood_io_errors=%d bot_calls=%d bot_refused=%d%n",
                    floodSent.get(),
                    seconds,
                    floodStatuses,
                    floodErrors.get(),
                    botCalls,
                    refused.size());

            assertThat(floodSent.get()).isEqualTo(FLOOD_REQUESTS);
            assertThat(refusedFlood).as("every flood request got an answer").isEqualTo(FLOOD_REQUESTS);
            assertThat(floodStatuses.keySet())
                    .as("the flood was refused, never served")
                    .containsOnly(401, 429);
            assertThat(floodStatuses.get(429).get())
                    .as("failed authentication ran into its own budget")
                    .isPositive();
            assertThat(botCalls).as("the bot really called during the flood").isGreaterThanOrEqualTo(20);
            assertThat(refused).as("signed calls refused during the flood").isEmpty();
            assertThat(api.app.store().view().activeCount()).isEqualTo(botCalls);
            assertThat(caddy.accessLog())
                    .as("the production log filter keeps credentials out of Caddy's log")
                    .contains("/add-user")
                    .doesNotContain(ApiUnderTest.API_KEY);
        }
    }

    private static HttpResponse<String> signedAdd(HttpClient http, URI base, long telegramId, long expiry)
            throws IOException, InterruptedException {
        URI uri = base.resolve("/add-user");
        byte[] body =
                addUserJson(telegramId, UUID.randomUUID().toString(), expiry).getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        String nonce = SignedRequest.newNonce();
        String sig = new SignedRequest(ts, nonce, "POST", SignedRequest.authority(uri), "/add-user", body)
                .sign(ApiUnderTest.SIGNING_SECRET);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header(RequestSigning.API_KEY_HEADER, ApiUnderTest.API_KEY)
                        .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(ts))
                        .header(SignedRequest.NONCE_HEADER, nonce)
                        .header(RequestSigning.SIGNATURE_HEADER, sig)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200
                && !ResponseSigning.matches(
                        ApiUnderTest.SIGNING_SECRET,
                        sig,
                        r.body().getBytes(StandardCharsets.UTF_8),
                        r.headers().firstValue(ResponseSigning.HEADER).orElse(null))) {
            throw new AssertionError("an answer through the proxy without a valid X-Response-Signature");
        }
        return r;
    }

    /** One loop of the flood: keep-alive HTTP/1.1 from its own loopback source address, until the total is sent. */
    private static void flood(
            int port,
            String source,
            boolean withWrongKey,
            AtomicInteger sent,
            Map<Integer, AtomicInteger> statuses,
            AtomicInteger errors) {
        byte[] body =
                addUserJson(1, UUID.randomUUID().toString(), 1_900_000_000_000L).getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST /add-user HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + (withWrongKey ? "X-API-Key: " + ApiUnderTest.API_KEY.replace('0', '1') + "\r\n" : "")
                        + "X-Real-IP: 198.51.100.1\r\n" // a client's own claim, which Caddy must overwrite
                        + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        Socket socket = null;
        InputStream in = null;
        while (sent.getAndIncrement() < FLOOD_REQUESTS) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    socket.setSoTimeout(10_000);
                    in = new BufferedInputStream(socket.getInputStream());
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                int status = readResponse(in);
                statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
            } catch (IOException e) {
                errors.incrementAndGet();
                sent.decrementAndGet(); // not answered: send it again on a new connection
                close(socket);
                socket = null;
            }
        }
        sent.decrementAndGet();
        close(socket);
    }

    private static void close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("no status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).strip(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).strip(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return status;
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (in.readNBytes((int) n).length != n) {
            throw new IOException("short body");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
