package com.atlassecure.api.support;

import com.atlassecure.testkit.xray.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Caddy in front of the API, configured from the repository's {@code deploy/proxy/Caddyfile} with the few
 * changes a loopback test needs (plain HTTP on a free port, no Cloudflare gate, the upstream's port). Every change
 * is a named replacement that must match, so an edit of the production file that the test does not follow fails
 * here instead of silently testing something else. Skipped with the reason when caddy is missing, failed under CI.
 */
public final class CaddyProxy implements AutoCloseable {
    public static final String MISSING_REASON = "caddy not found: set CADDY_BIN or put caddy on PATH;"
            + " .ci/run installs Debian's package (apt-get install caddy)";

    private final Process process;
    private final Path dir;
    public final int port;

    private CaddyProxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The binary from CADDY_BIN, else caddy on PATH; aborts the test when missing, fails it when CI=true. */
    public static Path binaryOrAbort() {
        Map<String, String> env = System.getenv();
        Optional<Path> found = Optional.ofNullable(env.get("CADDY_BIN"))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s.strip()))
                .or(() -> List.of(env.getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                        .filter(d -> !d.isEmpty())
                        .map(d -> Path.of(d, "caddy"))
                        .filter(Files::isExecutable)
                        .findFirst())
                .filter(Files::isExecutable);
        if (found.isPresent()) {
            return found.get();
        }
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            throw new IllegalStateException("CI=true but " + MISSING_REASON);
        }
        return Assumptions.abort(MISSING_REASON);
    }

    /** The production Caddyfile, changed only where a loopback test must differ. */
    static String testCaddyfile(String production, int listenPort, int upstreamPort, Path logFile) {
        String c = production;
        c = replace(
                c,
                c.substring(c.indexOf("{\n\tauto_https"), c.indexOf("}\n}\n") + 4),
                // Debian's Caddy 2.6 has no client_ip_headers, and no Cloudflare sits in front of a test.
                "{\n\tadmin off\n\tauto_https off\n}\n");
        c = replace(c, "api.mynewllcw.com {", "http://127.0.0.1:" + listenPort + " {\n\tbind 127.0.0.1");
        c = replace(
                c,
                "\ttls /etc/caddy/certs/api.mynewllcw.com.origin.pem /etc/caddy/certs/api.mynewllcw.com.origin.key\n",
                "");
        c = replace(c, "\timport /etc/caddy/cloudflare-not-cloudflare.caddy\n\tabort @not_cloudflare\n", "");
        c = replace(c, "reverse_proxy 127.0.0.1:8080", "reverse_proxy 127.0.0.1:" + upstreamPort);
        // Caddy 2.6 has no {client_ip} shorthand; without Cloudflare in front the peer is the client.
        c = replace(c, "header_up X-Real-IP {client_ip}", "header_up X-Real-IP {remote_host}");
        c = replace(c, "output file /var/log/caddy/api.access.log", "output file " + logFile);
        return c;
    }

    private static String replace(String text, String what, String with) {
        if (!text.contains(what)) {
            throw new IllegalStateException("deploy/proxy/Caddyfile changed: the test no longer finds: " + what);
        }
        return text.replace(what, with);
    }

    public static CaddyProxy start(Path caddyfile, int upstreamPort) {
        Path binary = binaryOrAbort();
        int port = FreePorts.loopbackPort();
        try {
            Path dir = Files.createTempDirectory("atlas-caddy");
            Path config = dir.resolve("Caddyfile");
            Files.writeString(
                    config, testCaddyfile(Files.readString(caddyfile), port, upstreamPort, dir.resolve("access.log")));
            ProcessBuilder pb = new ProcessBuilder(
                            binary.toString(), "run", "--config", config.toString(), "--adapter", "caddyfile")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("caddy.log").toFile());
            // Caddy keeps state under HOME/XDG dirs; a test's own directory keeps it away from the machine's.
            pb.environment().put("HOME", dir.toString());
            pb.environment().put("XDG_DATA_HOME", dir.toString());
            pb.environment().put("XDG_CONFIG_HOME", dir.toString());
            Process process = pb.start();
            CaddyProxy proxy = new CaddyProxy(process, dir, port);
            proxy.awaitListening();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("caddy exited " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("caddy did not listen within 20 s: " + log());
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("caddy.log"));
    }

    /** The access log Caddy wrote through the production file's filter. */
    public String accessLog() throws IOException {
        Path file = dir.resolve("access.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort cleanup of a temp dir
        }
    }
}
