package com.atlassecure.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The bot's side of the API contract, reduced to what the benchmark sends: add, update and remove a user. */
final class ApiClient {
    private final HttpClient http;
    private final String base;
    private final String apiKey;

    ApiClient(int port, String apiKey) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
    }

    int add(BenchUser u, long expiryMs) throws IOException, InterruptedException {
        return post(
                "/add-user",
                "{\"telegram_id\":" + u.telegramId() + ",\"uuid\":\"" + u.uuid() + "\",\"expiry_timestamp_ms\":"
                        + expiryMs + "}");
    }

    int update(BenchUser u, long expiryMs) throws IOException, InterruptedException {
        return post("/update-user", "{\"uuid\":\"" + u.uuid() + "\",\"expiry_timestamp_ms\":" + expiryMs + "}");
    }

    int remove(BenchUser u) throws IOException, InterruptedException {
        return post("/remove-user", "{\"uuid\":\"" + u.uuid() + "\"}");
    }

    private int post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
