package com.atlassecure.api.reliability;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.config.SigningMode;
import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At least 10,000 generated bad requests (seeded: -Datlas.hostile.seed, -Datlas.hostile.count) against every route of
 * the running API over a real xray (issue 8, item 4). None may get a 5xx, none may go unanswered by a live server,
 * and afterwards config.json is byte-for-byte the same, the store holds the same one user, and /health is 200.
 */
@RequiresXray
class HostileInputXrayIT {
    private static final Logger log = LoggerFactory.getLogger(HostileInputXrayIT.class);

    @Test
    void tenThousandBadRequestsGetNo5xxAndChangeNothing(XrayBinary binary) throws Exception {
        int count = Integer.getInteger("atlas.hostile.count", 10_000);
        long seed = Long.getLong("atlas.hostile.seed", System.nanoTime());
        ApiUnderTest.Options options = new ApiUnderTest.Options();
        options.signing = SigningMode.OPTIONAL; // unsigned bodies reach validation; bogus signatures are checked
        try (LogCapture logs = new LogCapture();
                ApiUnderTest api = new ApiUnderTest(binary, options)) {
            String known = UUID.randomUUID().toString();
            assertThat(api.post("/add-user", addUserJson(6000, known, api.inAMonth()))
                            .statusCode())
                    .isEqualTo(200);
            api.app.renderer().renderNow();
            byte[] configBefore = Files.readAllBytes(api.xray.configFile());
            var storeBefore = api.app.store().view().all();

            HostileRequests generator = new HostileRequests(seed, ApiUnderTest.API_KEY, known, api.app.port());
            Map<String, Integer> byStatus = new TreeMap<>();
            Map<String, Integer> byKind = new TreeMap<>();
            int closedWithoutAnswer = 0;
            for (int i = 0; i < count; i++) {
                HostileRequests.Hostile h = generator.next();
                byKind.merge(h.kind(), 1, Integer::sum);
                int status = send(api.app.port(), h.bytes());
                if (status < 0) {
                    closedWithoutAnswer++;
                    continue;
                }
                byStatus.merge(String.valueOf(status), 1, Integer::sum);
                assertThat(status)
                        .as("request %d (%s, seed %d): %s", i, h.kind(), seed, excerpt(h.bytes()))
                        .isBetween(200, 499);
            }
            api.app.renderer().renderNow();
            log.info(
                    "event=hostile_input_done count={} seed={} by_status={} by_kind={} closed_without_answer={}",
                    count,
                    seed,
                    byStatus,
                    byKind,
                    closedWithoutAnswer);

            assertThat(Files.readAllBytes(api.xray.configFile()))
                    .as("config.json after %d bad requests", count)
                    .isEqualTo(configBefore);
            assertThat(api.app.store().view().all()).containsExactlyInAnyOrderElementsOf(storeBefore);
            assertThat(api.get("/health").statusCode()).isEqualTo(200);
            assertThat(api.get("/users/" + known).statusCode()).isEqualTo(200);
            // Jetty may drop a connection whose request line or headers it cannot parse; that is not a crash, but
            // it must stay the exception.
            assertThat(closedWithoutAnswer).isLessThan(count / 100);
            LogSecrets.assertClean(
                    logs.text(),
                    ApiUnderTest.API_KEY,
                    new String(ApiUnderTest.SIGNING_SECRET, java.nio.charset.StandardCharsets.UTF_8),
                    api.keys.privateKey());
        }
    }

    /** Sends raw bytes; returns the response status, or -1 when the server closed without answering. */
    private static int send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException refusedMidBody) {
                // The server may answer (413, 431) and close before reading a giant body: read what it said.
            }
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            try {
                while (n < head.length) {
                    int r = in.read(head, n, head.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 10 s to: " + excerpt(request), e);
            } catch (IOException reset) {
                // a reset after an early answer still leaves what was read
            }
            String line = new String(head, 0, n, StandardCharsets.US_ASCII);
            if (!line.startsWith("HTTP/1.1 ") || n < 12) {
                return -1;
            }
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    private static String excerpt(byte[] request) {
        String s = new String(request, 0, Math.min(request.length, 300), StandardCharsets.UTF_8);
        return s.replace("\r", "\\r").replace("\n", "\\n").replace(ApiUnderTest.API_KEY, "<key>");
    }
}
