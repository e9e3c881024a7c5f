package com.atlassecure.api.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Proves at start that closing works here, by killing a socket pair of our own on loopback with the
 * very command used for customers. Missing CAP_NET_ADMIN, a missing ss, and a kernel without
 * CONFIG_INET_DIAG_DESTROY all show up as the same honest UNSUPPORTED, with the reason.
 */
final class SelfTest {
    /** The verdict and why. */
    record Result(Support support, String detail) {}

    private static final int READ_TIMEOUT_MS = 2000;

    private SelfTest() {}

    static Result run(SsTool ss) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(loopback, 0));
            int port = server.getLocalPort();
            try (Socket client = new Socket(loopback, port);
                    Socket accepted = server.accept()) {
                return judge(ss, client, loopback, port);
            }
        } catch (IOException e) {
            return new Result(Support.UNSUPPORTED, "cannot open a loopback socket pair: " + e.getMessage());
        }
    }

    private static Result judge(SsTool ss, Socket client, InetAddress loopback, int port) throws IOException {
        SsTool.Outcome kill = ss.kill(loopback, port);
        if (!kill.ok()) {
            return new Result(Support.UNSUPPORTED, kill.error());
        }
        if (kill.sockets().isEmpty()) {
            return new Result(Support.UNSUPPORTED, "ss -K reported no killed socket for the loopback pair");
        }
        SsTool.Outcome after = ss.list(loopback, port);
        if (!after.ok()) {
            return new Result(Support.UNSUPPORTED, after.error());
        }
        if (!after.sockets().isEmpty()) {
            return new Result(Support.UNSUPPORTED, "the loopback socket survived ss -K");
        }
        return clientSawTheClose(client, port);
    }

    // The kernel resets the peer when it destroys a socket; the client's read must see that.
    private static Result clientSawTheClose(Socket client, int port) throws IOException {
        client.setSoTimeout(READ_TIMEOUT_MS);
        InputStream in = client.getInputStream();
        try {
            int read = in.read();
            if (read == -1) {
                return new Result(Support.SUPPORTED, "loopback pair on port " + port + " closed (peer saw EOF)");
            }
            return new Result(Support.UNSUPPORTED, "the loopback peer still received data after ss -K");
        } catch (SocketTimeoutException e) {
            return new Result(Support.UNSUPPORTED, "the loopback peer saw no reset within " + READ_TIMEOUT_MS + " ms");
        } catch (SocketException e) {
            return new Result(Support.SUPPORTED, "loopback pair on port " + port + " reset (" + e.getMessage() + ")");
        }
    }
}
