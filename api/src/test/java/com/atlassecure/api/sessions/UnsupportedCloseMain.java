package com.atlassecure.api.sessions;

import com.atlassecure.api.xray.GrpcXrayControl;
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
        try (GrpcXrayControl xray = new GrpcXrayControl(args[0], Duration.ofSeconds(5))) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SessionCloser closer = SessionCloser.start(
                    SessionCloseSettings.of(Integer.parseInt(args[1]), AllowList.empty(), true), xray, registry);
            System.out.println("support=" + closer.support() + " detail=" + closer.supportDetail());
            CloseOutcome outcome = closer.close(args[2]);
            System.out.println("outcome=" + outcome.status() + " ips=" + outcome.targetedIps());
            System.out.println("left_open_count=" + closer.leftOpenCount());
            registry.scrape()
                    .lines()
                    .filter(line -> line.startsWith("atlas_sessions"))
                    .forEach(System.out::println);
        }
    }
}
