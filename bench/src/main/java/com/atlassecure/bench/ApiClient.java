package com.atlassecure.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The bot's side of the API contract, reduced to what the benchmark sends: add, update and remove a user. A blocking
 * client whose request and answer run on the caller's own thread over a kept-alive connection, so the latency
 * measured is the API's plus one loopback round trip, not the hand-offs between a client's selector and executor
 * threads (the JDK client added those on two shared cores).
 */
final class ApiClient implements AutoCloseable {
    private final CloseableHttpClient http;
    private final String base;
    private final String apiKey;

    ApiClient(int port, String apiKey) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(256)
                .setMaxConnPerRoute(256)
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setSoTimeout(Timeout.ofSeconds(60))
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(60, TimeUnit.SECONDS)
                        .build())
                .disableAutomaticRetries()
                .build();
        this.base = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
    }

    int add(BenchUser u, long expiryMs) throws IOException {
        return post(
                "/add-user",
                "{\"telegram_id\":" + u.telegramId() + ",\"uuid\":\"" + u.uuid() + "\",\"expiry_timestamp_ms\":"
                        + expiryMs + "}");
    }

    int update(BenchUser u, long expiryMs) throws IOException {
        return post("/update-user", "{\"uuid\":\"" + u.uuid() + "\",\"expiry_timestamp_ms\":" + expiryMs + "}");
    }

    int remove(BenchUser u) throws IOException {
        return post("/remove-user", "{\"uuid\":\"" + u.uuid() + "\"}");
    }

    /** One request's answer: its status and body, for routes whose body the benchmark reads. */
    record Answer(int status, String body) {}

    Answer postForBody(String path, String json) throws IOException {
        HttpPost request = new HttpPost(base + path);
        request.setHeader("X-API-Key", apiKey);
        request.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return http.execute(
                request, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
    }

    Answer get(String path) throws IOException {
        org.apache.hc.client5.http.classic.methods.HttpGet request =
                new org.apache.hc.client5.http.classic.methods.HttpGet(base + path);
        request.setHeader("X-API-Key", apiKey);
        return http.execute(
                request, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
    }

    private int post(String path, String json) throws IOException {
        HttpPost request = new HttpPost(base + path);
        request.setHeader("X-API-Key", apiKey);
        request.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return http.execute(request, response -> {
            EntityUtils.consume(response.getEntity()); // keeps the connection reusable
            return response.getCode();
        });
    }

    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
