package com.atlassecure.bot.archfixture.storage;

import com.atlassecure.bot.archfixture.telegram.FixtureGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A deliberately bad repository for {@code BotArchitectureTest}: it messages customers and calls HTTP itself. */
public final class LeakyRepository {
    private final FixtureGateway gateway = new FixtureGateway();

    public void saveAndTell(String row) throws Exception {
        gateway.send(row);
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
    }
}
