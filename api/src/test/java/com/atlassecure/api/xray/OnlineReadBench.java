package com.atlassecure.api.xray;

import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.RealityTarget;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;

/**
 * Benchmark, not a test: what the device limit's read of online addresses costs the API on an Xray without
 * {@code GetUsersStats} (26.3.27, production's version), where it is one {@code GetStatsOnlineIpList} call per online
 * user. One real user is online (a held connection from 127.0.0.2) and its list is read {@code bench.calls} times;
 * the cost is this JVM's CPU (user + system, every thread, so gRPC's event loop counts), per call. The baseline in
 * the same run is {@code GetSysStats}, the smallest call Xray answers. Run with {@code XRAY_BIN} set and the
 * classpath of {@link DevicePassBench}: {@code java -cp ... com.atlassecure.api.xray.OnlineReadBench}.
 */
final class OnlineReadBench {
    private static final int CALLS = Integer.getInteger("bench.calls", 20_000);

    private OnlineReadBench() {}

    public static void main(String[] args) throws Exception {
        XrayBinary binary = XrayBinary.require();
        TestRealityKeys.KeyPair keys = TestRealityKeys.generate();
        String shortId = TestRealityKeys.newShortId();
        String id = UUID.randomUUID().toString();
        try (RealityTarget target = RealityTarget.start();
                ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RealityServerConfig server = RealityServerConfig.builder()
                    .reality(target, keys)
                    .shortIds(shortId)
                    .client(id, "user_1", RealityServerConfig.VISION);
            RealityClientConfig client = RealityClientConfig.builder()
                    .server(server, keys.publicKey())
                    .shortId(shortId)
                    .userId(id)
                    .sendThrough("127.0.0.2");
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        upstream.accept(); // held open, idle: the user stays online without traffic
                    }
                } catch (java.io.IOException closed) {
                    // done
                }
            });
            accept.setDaemon(true);
            accept.start();
            try (XrayProcess xray = XrayProcess.create(binary, server.build()).start();
                    XrayProcess app = XrayProcess.create(binary, client.build()).start();
                    GrpcXrayControl control = new GrpcXrayControl(xray.apiAddress(), Duration.ofSeconds(5));
                    Socket held = new Socket(
                            new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", client.socksPort())))) {
                held.connect(InetSocketAddress.createUnresolved("127.0.0.1", upstream.getLocalPort()), 10_000);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (control.onlineIps("user_1").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                if (control.onlineIps("user_1").isEmpty()) {
                    throw new IllegalStateException("user_1 never came online");
                }
                System.out.println("xray: " + XrayVersion.of(binary.path().toString()) + ", calls per row: " + CALLS);
                System.out.println("| call | JVM CPU µs per call (run 1 / 2 / 3) | ratio to GetSysStats |");
                System.out.println("|---|---|---|");
                double[] baseline = new double[3];
                double[] online = new double[3];
                for (int run = 0; run < 3; run++) {
                    measure(() -> control.uptimeSeconds(), CALLS / 4); // warm-up
                    measure(() -> control.onlineIps("user_1"), CALLS / 4);
                    baseline[run] = measure(() -> control.uptimeSeconds(), CALLS);
                    online[run] = measure(() -> control.onlineIps("user_1"), CALLS);
                }
                System.out.printf(
                        "| GetSysStats (baseline) | %.1f / %.1f / %.1f | 1.00x |%n",
                        baseline[0], baseline[1], baseline[2]);
                System.out.printf(
                        "| GetStatsOnlineIpList | %.1f / %.1f / %.1f | %.2fx |%n",
                        online[0], online[1], online[2], online[1] / baseline[1]);
                System.out.printf(
                        "a 26.3.27 read of 10,000 online users: about %.0f ms of JVM CPU%n", online[1] * 10_000 / 1000);
                try (InputStream ignored = held.getInputStream()) {
                    // closes the held connection with the socket
                }
            }
        }
    }

    /** JVM CPU microseconds per call over {@code calls} calls. */
    private static double measure(Runnable call, int calls) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (os.getProcessCpuTime() - before) / 1000.0 / calls;
    }
}
