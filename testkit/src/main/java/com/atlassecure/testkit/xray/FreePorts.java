package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out loopback TCP ports that were free a moment ago and were not handed out before in this JVM. */
public final class FreePorts {

    // The OS may offer the same ephemeral port twice before xray binds it; remembering avoids self-collisions.
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A free TCP port on 127.0.0.1. */
    public static int loopbackPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind any port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no fresh loopback port after 50 attempts");
    }
}
