package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback server that streams bytes to every connection until it goes away, like a long download. */
public final class StreamServer implements AutoCloseable {
    private static final int CHUNK = 8 * 1024;
    private static final long PAUSE_MS = 5; // ~1.6 MB/s per stream: steady, yet light on a 2-core box

    private final ServerSocket server;
    private final Thread acceptor;
    public final AtomicInteger connections = new AtomicInteger();

    private StreamServer(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "stream-server");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static StreamServer start() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new StreamServer(server);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread writer = new Thread(() -> stream(socket), "stream-writer");
                writer.setDaemon(true);
                writer.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void stream(Socket socket) {
        byte[] chunk = new byte[CHUNK];
        try (socket;
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                out.write(chunk);
                out.flush();
                Thread.sleep(PAUSE_MS);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: that is how every stream ends
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
