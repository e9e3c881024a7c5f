package com.atlassecure.api.sessions;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * Run in a child JVM started without CAP_NET_ADMIN (setpriv): starts a closer as the API would,
 * closes one user, and prints what /health and /metrics would show. Arguments: the Xray gRPC
 * address, the inbound port, the email.
 */
public final class UnsupportedCloseMain {
    private UnsupportedCloseMain() {}

    public static void main(String[] args) {
        ManagedChannel channel =
                ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SessionCloser closer = SessionCloser.start(
                    SessionCloseSettings.of(Integer.parseInt(args[1]), AllowList.empty(), true),
                    new GrpcOnlineIps(channel, Duration.ofSeconds(5)),
                    registry);
            System.out.println("support=" + closer.support() + " detail=" + closer.supportDetail());
            CloseOutcome outcome = closer.close(args[2]);
            System.out.println("outcome=" + outcome.status() + " ips=" + outcome.targetedIps());
            System.out.println("left_open_count=" + closer.leftOpenCount());
            registry.scrape()
                    .lines()
                    .filter(line -> line.startsWith("atlas_sessions"))
                    .forEach(System.out::println);
        } finally {
            channel.shutdownNow();
        }
    }
}
