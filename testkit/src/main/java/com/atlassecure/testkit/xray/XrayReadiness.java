package com.atlassecure.testkit.xray;

import com.atlassecure.xray.proto.handler.GetInboundUserRequest;
import com.atlassecure.xray.proto.handler.HandlerServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Polls a freshly started xray until its inbounds listen and its gRPC API answers, or explains why not. */
final class XrayReadiness {

    private final XrayProcess xray;
    private final JsonNode config;

    XrayReadiness(XrayProcess xray, JsonNode config) {
        this.xray = xray;
        this.config = config;
    }

    void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (XrayConfigs.Inbound inbound : XrayConfigs.tcpInbounds(config)) {
            while (!acceptsConnections(inbound.host(), inbound.port())) {
                pause(deadline, timeout, "inbound " + inbound.tag() + " on " + inbound.host() + ":" + inbound.port());
            }
        }
        Optional<Integer> apiPort = XrayConfigs.apiPort(config);
        if (apiPort.isEmpty()) {
            return;
        }
        // A channel of its own: probing through the shared one would leave it in reconnect backoff.
        ManagedChannel probe = ManagedChannelBuilder.forAddress("127.0.0.1", apiPort.get())
                .usePlaintext()
                .build();
        try {
            String tag = XrayConfigs.firstInboundTag(config).orElse("");
            while (!apiAnswers(probe, tag)) {
                probe.resetConnectBackoff();
                pause(deadline, timeout, "gRPC API on 127.0.0.1:" + apiPort.get());
            }
        } finally {
            probe.shutdownNow();
        }
    }

    private static boolean apiAnswers(ManagedChannel probe, String tag) {
        try {
            HandlerServiceGrpc.newBlockingStub(probe)
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getInboundUsersCount(
                            GetInboundUserRequest.newBuilder().setTag(tag).build());
            return true;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            // Any answer from xray itself (even "unknown inbound") proves the API is serving.
            return code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED;
        }
    }

    private void pause(long deadline, Duration timeout, String waitingFor) {
        Process process = xray.process();
        if (!process.isAlive()) {
            throw new IllegalStateException("xray exited with code " + process.exitValue() + " while waiting for "
                    + waitingFor + "; log " + xray.logFile() + " ends:\n" + xray.logTail(30));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("xray pid " + process.pid() + " not ready within " + timeout
                    + ": still waiting for " + waitingFor + "; log " + xray.logFile() + " ends:\n"
                    + xray.logTail(30));
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }

    static boolean acceptsConnections(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
