package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP GET through a SOCKS5 proxy on 127.0.0.1, e.g. a client xray's socks inbound. */
public final class SocksHttp {

    /** Status code and body of a response. */
    public record Response(int status, String body) {}

    private SocksHttp() {}

    /** GET with a 30 s connect and read timeout; IOException when the tunnel carries no traffic. */
    public static Response get(URI uri, int socksPort) throws IOException {
        return get(uri, socksPort, Duration.ofSeconds(30));
    }

    /** GET through SOCKS5 127.0.0.1:socksPort; IOException when the tunnel carries no traffic. */
    public static Response get(URI uri, int socksPort, Duration timeout) throws IOException {
        Proxy proxy = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socksPort));
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
        try {
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            // No keep-alive: each call must open its own tunnel so one test cannot ride another's connection.
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body);
        } finally {
            connection.disconnect();
        }
    }
}
