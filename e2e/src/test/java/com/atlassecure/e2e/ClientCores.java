package com.atlassecure.e2e;

import com.atlassecure.testkit.singbox.SingBoxBinary;
import com.atlassecure.testkit.singbox.SingBoxClient;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real binaries of the compatibility matrix: two Xray server versions (XRAY_BIN, XRAY_BIN_NEXT) and three client
 * cores (both xrays and SING_BOX_BIN). Missing ones skip the matrix with the reason, or fail it under CI=true, where
 * .ci/run promised all of them.
 */
record ClientCores(List<Server> servers, List<Client> clients) {

    /** A server binary and the version it reports. */
    record Server(String label, XrayBinary binary) {}

    /** A client core, how it is labelled in the table, and how it carries an HTTP GET through a share link. */
    sealed interface Client permits XrayClient, SingBox {
        String label();

        /** The core's family id, as doctor names it ({@code xray-core}, {@code sing-box}). */
        String core();

        /** GET {@code uri} through a client configured from {@code link}; IOException when nothing comes back. */
        SocksHttp.Response get(ShareLink link, URI uri, Duration timeout) throws IOException;
    }

    record XrayClient(String label, XrayBinary binary) implements Client {
        @Override
        public String core() {
            return "xray-core";
        }

        @Override
        public SocksHttp.Response get(ShareLink link, URI uri, Duration timeout) throws IOException {
            try (Tunnel tunnel = Tunnel.open(binary, link)) {
                return tunnel.get(uri, timeout);
            }
        }
    }

    record SingBox(String label, SingBoxBinary binary) implements Client {
        @Override
        public String core() {
            return "sing-box";
        }

        @Override
        public SocksHttp.Response get(ShareLink link, URI uri, Duration timeout) throws IOException {
            try (SingBoxClient client = SingBoxClient.start(binary, settings(link))) {
                return SocksHttp.get(uri, client.socksPort(), timeout);
            }
        }

        /** The outbound a sing-box app builds from a share link; the test's own reading of the link. */
        static SingBoxClient.Settings settings(ShareLink link) {
            // The test server listens on 127.0.0.1 only, and sing-box may try ::1 first for "localhost".
            String host = "localhost".equals(link.host()) ? "127.0.0.1" : link.host();
            return new SingBoxClient.Settings(
                    host,
                    link.port(),
                    link.uuid(),
                    link.param("flow"),
                    link.param("sni"),
                    link.param("fp"),
                    link.param("pbk"),
                    link.param("sid"));
        }
    }

    static ClientCores locateOrAbort() {
        Map<String, String> env = System.getenv();
        List<String> missing = new ArrayList<>();
        XrayBinary stable = XrayBinary.locate().orElse(null);
        if (stable == null) {
            missing.add(XrayBinary.MISSING_REASON);
        }
        String nextPath = env.get("XRAY_BIN_NEXT");
        XrayBinary next = nextPath == null || nextPath.isBlank() ? null : new XrayBinary(Path.of(nextPath.strip()));
        if (next == null || !Files.isExecutable(next.path())) {
            missing.add("XRAY_BIN_NEXT (Xray 26.7.28, built by .ci/run from ../shared/xray) is "
                    + (nextPath == null ? "unset" : "not executable: " + nextPath));
        }
        SingBoxBinary singBox = SingBoxBinary.locate(env).orElse(null);
        if (singBox == null) {
            missing.add(SingBoxBinary.MISSING_REASON);
        }
        if (!missing.isEmpty()) {
            String reason = "the client matrix needs: " + String.join("; ", missing);
            if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
                throw new IllegalStateException("CI=true but " + reason);
            }
            Assumptions.abort(reason);
        }
        Server oldServer = new Server(versionOf(stable.path().toString()), stable);
        Server newServer = new Server(versionOf(next.path().toString()), next);
        return new ClientCores(
                List.of(oldServer, newServer),
                List.of(
                        new XrayClient("Xray " + oldServer.label(), stable),
                        new XrayClient("Xray " + newServer.label(), next),
                        new SingBox("sing-box " + versionOf(singBox.path().toString()), singBox)));
    }

    /** "26.3.27" from "Xray 26.3.27 (...)", "1.14.1" from "sing-box version 1.14.1". */
    static String versionOf(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "version")
                    .redirectErrorStream(true)
                    .start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
            p.waitFor(10, TimeUnit.SECONDS);
            String[] words = first.split("\\s+");
            for (String word : words) {
                if (word.matches("\\d+\\.\\d+\\.\\d+")) {
                    return word;
                }
            }
            return "unknown (" + first + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
