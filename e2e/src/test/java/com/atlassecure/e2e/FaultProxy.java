package com.atlassecure.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on 127.0.0.1 in front of the REAL API that injects faults per customer: a dropped connection (no
 * answer at all), a 500 that never reaches the API, a slow answer (the API applies the change, the answer arrives after
 * the bot's timeout) and an invalid answer (the API applies the change, the bot gets a body it must reject). It
 * records every provisioning call with what the API answered and what the bot was given.
 */
final class FaultProxy implements AutoCloseable {
    enum Fault {
        DROP,
        ERROR_500,
        SLOW,
        WRONG_UUID,
        NO_LINK,
        NOT_JSON
    }

    /** One provisioning call: who, which uuid, the API's status (0 when not forwarded), and whether the bot got it. */
    record Call(long telegramId, String path, String uuid, int apiStatus, Fault fault) {
        boolean appliedAndHandedOver() {
            return apiStatus == 200 && fault == null;
        }
    }

    private static final Pattern TELEGRAM_ID = Pattern.compile("\"telegram_id\"\\s*:\\s*(\\d+)");
    private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final URI api;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Long, List<Fault>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Long> owners = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Duration slowDelay;

    FaultProxy(URI api, Duration slowDelay) throws IOException {
        this.api = api;
        this.slowDelay = slowDelay;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The faults this customer's next provisioning calls meet, in order; later calls pass through. */
    void script(long telegramId, Fault... faults) {
        scripts.put(telegramId, new CopyOnWriteArrayList<>(List.of(faults)));
    }

    /** Every call to the API is dropped for this customer until {@link #script} is called again. */
    void dropAll(long telegramId) {
        List<Fault> many = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(Fault.DROP);
        }
        scripts.put(telegramId, many);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Keeps a provisioning call (one that names a uuid). The bot's health polls and drift checks go through the proxy
     * too, since it stands where the node's API is; they carry no uuid and are forwarded without being kept.
     */
    private void record(Call call) {
        if (call.uuid() != null) {
            calls.add(call);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String uuid = find(UUID_FIELD, text);
        long telegramId = ownerOf(text, uuid);
        Fault fault = nextFault(telegramId);
        if (fault == Fault.DROP) {
            record(new Call(telegramId, path, uuid, 0, fault));
            exchange.close(); // no status line: the bot sees a broken connection
            return;
        }
        if (fault == Fault.ERROR_500) {
            record(new Call(telegramId, path, uuid, 0, fault));
            reply(exchange, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"injected\"}}");
            return;
        }
        HttpResponse<String> answer;
        try {
            HttpRequest.Builder forward = HttpRequest.newBuilder(api.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("x-api-key")
                        || name.equalsIgnoreCase("content-type")
                        || name.toLowerCase(java.util.Locale.ROOT).startsWith("x-")) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        record(new Call(telegramId, path, uuid, answer.statusCode(), fault));
        if (fault == null) {
            reply(exchange, answer.statusCode(), answer.body());
            return;
        }
        switch (fault) {
            case SLOW -> {
                sleep(slowDelay);
                reply(exchange, answer.statusCode(), answer.body());
            }
            case WRONG_UUID ->
                reply(
                        exchange,
                        200,
                        answer.body().replace(uuid, java.util.UUID.randomUUID().toString()));
            case NO_LINK -> reply(exchange, 200, answer.body().replaceAll("\"vless_link\"\\s*:\\s*\"[^\"]*\",?", ""));
            case NOT_JSON -> reply(exchange, 200, "<html>502 Bad Gateway</html>");
            default -> throw new IllegalStateException("unhandled fault " + fault);
        }
    }

    private long ownerOf(String text, String uuid) {
        String id = find(TELEGRAM_ID, text);
        if (id != null && uuid != null) {
            owners.put(uuid.toLowerCase(java.util.Locale.ROOT), Long.parseLong(id));
        }
        if (id != null) {
            return Long.parseLong(id);
        }
        return uuid == null ? 0 : owners.getOrDefault(uuid.toLowerCase(java.util.Locale.ROOT), 0L);
    }

    private Fault nextFault(long telegramId) {
        List<Fault> script = scripts.get(telegramId);
        if (script == null || script.isEmpty()) {
            return null;
        }
        return script.remove(0);
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException clientGone) {
            // the bot timed out and hung up: that is the point of SLOW
        }
        exchange.close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
