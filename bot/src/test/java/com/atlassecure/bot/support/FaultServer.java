package com.atlassecure.bot.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tiny HTTP server on 127.0.0.1 that answers every request with a scripted fault: an error status, a hang, or a
 * 2xx body the bot must reject. It never behaves like a working API; it records the requests it saw.
 */
public final class FaultServer implements AutoCloseable {
    /** A scripted answer; a negative status means "hang for delayMs, then close". */
    public record Reply(int status, String body, long delayMs, Map<String, String> headers) {
        public Reply(int status, String body, long delayMs) {
            this(status, body, delayMs, Map.of());
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body, 0);
        }

        public static Reply hang(long delayMs) {
            return new Reply(-1, "", delayMs);
        }

        /** The same answer with one more response header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, body, delayMs, Map.copyOf(more));
        }
    }

    /** One request as received. */
    public record Request(String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Reply> script =
            r -> Reply.status(503, "{\"error\":{\"code\":\"xray_unavailable\",\"message\":\"down\"}}");

    public FaultServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            Request request = new Request(exchange.getRequestURI().getPath(), headers, body);
            headers.putIfAbsent("host", exchange.getRequestHeaders().getFirst("Host"));
            synchronized (requests) {
                requests.add(request);
            }
            Reply reply = script.apply(request);
            if (reply.delayMs() > 0) {
                try {
                    Thread.sleep(reply.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(
                    reply.status() < 0 ? 500 : reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void script(Function<Request, Reply> script) {
        this.script = script;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
