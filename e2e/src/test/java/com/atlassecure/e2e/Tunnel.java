package com.atlassecure.e2e;

import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A customer's VPN app: a second, real xray running as a client from a share link (parsed by {@link ShareLink}),
 * with a SOCKS port on loopback through which plain HTTP either reaches the far side or does not.
 */
final class Tunnel implements AutoCloseable {
    private final XrayProcess client;
    private final int socksPort;

    private Tunnel(XrayProcess client, int socksPort) {
        this.client = client;
        this.socksPort = socksPort;
    }

    /** A client configured exactly as the link says. */
    static Tunnel open(XrayBinary xray, ShareLink link) {
        return open(xray, link, UnaryOperator.identity());
    }

    /** A client configured from the link, then bent by {@code change} (the audit's failure modes). */
    static Tunnel open(XrayBinary xray, ShareLink link, UnaryOperator<RealityClientConfig> change) {
        RealityClientConfig config = change.apply(fromLink(link));
        int socksPort = config.socksPort();
        return new Tunnel(XrayProcess.create(xray, config.build()).start(), socksPort);
    }

    /** The client settings a VPN app takes from the link; refuses a link it could not honour rather than guess. */
    static RealityClientConfig fromLink(ShareLink link) {
        require(link, "security", Set.of("reality"));
        require(link, "type", Set.of("tcp", "raw"));
        require(link, "encryption", Set.of("none"));
        String flow = link.param("flow");
        return RealityClientConfig.builder()
                .serverAddress(link.host())
                .serverPort(link.port())
                .serverName(link.param("sni"))
                .fingerprint(link.param("fp") == null ? "chrome" : link.param("fp"))
                .publicKey(link.param("pbk"))
                .shortId(link.param("sid") == null ? "" : link.param("sid"))
                .userId(link.uuid())
                .flow(flow == null ? "" : flow)
                .logLevel("warning");
    }

    /** HTTP GET through the tunnel; IOException when the tunnel carries nothing. */
    SocksHttp.Response get(URI uri, Duration timeout) throws IOException {
        return SocksHttp.get(uri, socksPort, timeout);
    }

    /** The local SOCKS port the client listens on, for streams that outlive one HTTP request. */
    int socksPort() {
        return socksPort;
    }

    /** The client xray's log, for failure messages. */
    String log() {
        return client.log();
    }

    @Override
    public void close() {
        client.close();
    }

    private static void require(ShareLink link, String param, Set<String> allowed) {
        String value = link.param(param);
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(
                    "link " + param + "=" + value + " is not one a REALITY client can use " + allowed);
        }
    }
}
