package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact ss filter against the real kernel: it kills the one peer's sockets to the one port,
 * including IPv4-mapped sockets of a dual-stack listener, and nothing on any other address or port.
 */
class SsKernelTest {
    private final SsTool ss = new SsTool(List.of(), "ss", CommandRunner.processes());

    @BeforeEach
    void needsNetAdmin() {
        assumeTrue(Capabilities.hasNetAdmin(), "this JVM lacks CAP_NET_ADMIN");
    }

    private static InetAddress ip(String text) {
        return IpLiterals.parse(text).orElseThrow();
    }

    private static Socket connectFrom(String source, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(ip(source), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        socket.setSoTimeout(300);
        return socket;
    }

    /** True when the kernel reset or closed this client's connection. */
    private static boolean wasCut(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void killsOnlyThatPeersSocketsToThatPortOnADualStackListener() throws IOException {
        try (ServerSocket inbound = new ServerSocket();
                ServerSocket otherService = new ServerSocket()) {
            inbound.bind(new InetSocketAddress("::", 0)); // like Xray listening without "listen"
            otherService.bind(new InetSocketAddress("::", 0)); // e.g. the customer's SSH
            int port = inbound.getLocalPort();
            try (Socket customer = connectFrom("127.0.0.2", port);
                    Socket customerServer = inbound.accept();
                    Socket neighbour = connectFrom("127.0.0.3", port);
                    Socket neighbourServer = inbound.accept();
                    Socket customerSsh = connectFrom("127.0.0.2", otherService.getLocalPort());
                    Socket customerSshServer = otherService.accept()) {

                SsTool.Outcome kill = ss.kill(ip("127.0.0.2"), port);

                assertThat(kill.ok()).as(kill.error()).isTrue();
                assertThat(kill.sockets()).hasSize(1);
                assertThat(kill.sockets().get(0).peer()).isEqualTo("[::ffff:127.0.0.2]:" + customer.getLocalPort());
                assertThat(wasCut(customer)).isTrue();
                assertThat(wasCut(neighbour)).isFalse();
                assertThat(wasCut(customerSsh)).isFalse();
                assertThat(ss.list(ip("127.0.0.2"), port).sockets()).isEmpty();
                assertThat(ss.list(ip("127.0.0.3"), port).sockets()).hasSize(1);
            }
        }
    }

    @Test
    void killsAnIpv6PeerWrittenInBrackets() throws IOException {
        try (ServerSocket inbound = new ServerSocket()) {
            inbound.bind(new InetSocketAddress("::1", 0));
            int port = inbound.getLocalPort();
            try (Socket customer = new Socket("::1", port);
                    Socket accepted = inbound.accept()) {
                customer.setSoTimeout(300);
                SsTool.Outcome kill = ss.kill(IpLiterals.parse("[::1]").orElseThrow(), port);
                assertThat(kill.ok()).as(kill.error()).isTrue();
                assertThat(kill.sockets()).hasSize(1);
                assertThat(wasCut(customer)).isTrue();
            }
        }
    }
}
