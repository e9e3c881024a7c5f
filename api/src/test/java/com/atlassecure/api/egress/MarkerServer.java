package com.atlassecure.api.egress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP service that greets every connection with a marker line: a stand-in for a host-only service. */
final class MarkerServer implements AutoCloseable {
    static final String MARKER = "ATLAS-MARKER-LOOPBACK-SERVICE";

    private final ServerSocket server;
    final AtomicInteger accepted = new AtomicInteger();

    private MarkerServer(ServerSocket server) {
        this.server = server;
        Thread thread = new Thread(this::acceptLoop, "marker-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static MarkerServer start(String address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port));
        return new MarkerServer(server);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                accepted.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                out.write((MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the prober may hang up first; nothing to do
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
