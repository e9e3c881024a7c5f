package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local TLS 1.3 server on 127.0.0.1 that REALITY uses as its target instead of a real website: it offers X25519,
 * presents a self-signed certificate for the server name, answers any HTTP request with a small page, and serves
 * many connections at once. Thread-safe.
 */
public final class RealityTarget implements AutoCloseable {

    /** The SNI tests use unless they choose another. */
    public static final String DEFAULT_SERVER_NAME = "www.example.com";

    private static final Logger LOG = LoggerFactory.getLogger(RealityTarget.class);
    private static final byte[] PAGE = ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 27\r\n"
                    + "Connection: close\r\n\r\n<html>atlas target</html>\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final String serverName;
    private final SSLServerSocket serverSocket;
    private final ExecutorService workers;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();

    private RealityTarget(String serverName, SSLServerSocket serverSocket) {
        this.serverName = serverName;
        this.serverSocket = serverSocket;
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "reality-target-" + serverSocket.getLocalPort());
            thread.setDaemon(true);
            return thread;
        });
        workers.execute(this::acceptLoop);
    }

    /** Starts a target for {@link #DEFAULT_SERVER_NAME}. */
    public static RealityTarget start() {
        return start(DEFAULT_SERVER_NAME);
    }

    /** Starts a target whose certificate names this server name, on a free port of 127.0.0.1. */
    public static RealityTarget start(String serverName) {
        SSLContext context = SelfSignedTls.contextFor(serverName);
        try {
            SSLServerSocket socket =
                    (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            // REALITY requires the target to speak TLS 1.3; JSSE offers X25519 first by default.
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            return new RealityTarget(serverName, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1 for the REALITY target", e);
        }
    }

    /** "127.0.0.1:PORT", the value for realitySettings.target. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The name the certificate is issued to; put it into serverNames. */
    public String serverName() {
        return serverName;
    }

    /** TCP connections accepted so far (xray's probes, forwarded handshakes, unauthenticated clients). */
    public int connections() {
        return connections.get();
    }

    /** TLS handshakes completed so far. */
    public int handshakes() {
        return handshakes.get();
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("event=reality_target_close_failed error={}", e.toString());
        }
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                workers.execute(() -> serve((SSLSocket) socket));
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.warn("event=reality_target_accept_failed error={}", e.toString());
                }
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            handshakes.incrementAndGet();
            if (readRequestHead(socket.getInputStream())) {
                OutputStream out = socket.getOutputStream();
                out.write(PAGE);
                out.flush();
            }
        } catch (SocketException e) {
            LOG.trace("event=reality_target_peer_gone error={}", e.toString());
        } catch (IOException e) {
            // Probes and forwarded handshakes end abruptly by design; nothing to report.
            LOG.trace("event=reality_target_connection_ended error={}", e.toString());
        }
    }

    private static boolean readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] terminator = {'\r', '\n', '\r', '\n'};
        for (int read = 0; read < 65_536; read++) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == terminator.length) {
                return true;
            }
        }
        return false;
    }
}
