package com.atlassecure.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.FaultServer;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.TelegramUpdates;
import com.atlassecure.testkit.time.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook mode: the secret header decides whether an update is processed at all. */
class WebhookSecretTest {
    static final String SECRET = "webhook-secret-for-tests_0123456789";
    static final long CUSTOMER = 31337;

    @TempDir
    Path dir;

    FakeBotApi telegram;
    FaultServer api;
    BotHarness bot;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        telegram = FakeBotApi.start();
        api = new FaultServer();
        Map<String, String> env = BotHarness.env(telegram, api.url(), dir);
        env.put("WEBHOOK_URL", "http://127.0.0.1/tg/hook");
        env.put("WEBHOOK_SECRET", SECRET);
        env.put("WEBHOOK_LISTEN", "127.0.0.1:0");
        bot = BotHarness.start(telegram, env, MutableClock.at("2027-03-01T10:00:00Z"));
    }

    @AfterEach
    void stop() {
        bot.close();
        api.close();
        telegram.close();
    }

    @Test
    void startupRegistersTheWebhookWithItsSecret() {
        assertThat(telegram.webhookUrl()).isEqualTo("http://127.0.0.1/tg/hook");
        assertThat(telegram.webhookSecret()).isEqualTo(SECRET);
        assertThat(telegram.calls("getUpdates")).isEmpty();
    }

    @Test
    void wrongOrMissingSecretIsRefusedWith401AndNotProcessed() throws Exception {
        assertThat(post("wrong-secret-wrong-secret-wrong")).isEqualTo(401);
        assertThat(post(null)).isEqualTo(401);
        // A correct request afterwards is answered; had the refused ones been processed, /start would show first.
        assertThat(post(SECRET)).isEqualTo(200);
        telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, Duration.ofSeconds(10));
        // Updates of one user run in order, so once the dispatcher is idle anything accepted earlier has run too.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bot.app.dispatcher().inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(telegram.calls("sendMessage"))
                .filteredOn(c -> c.chatId() == CUSTOMER)
                .hasSize(1);
    }

    private int post(String secret) throws Exception {
        String body = TelegramUpdates.message(CUSTOMER, "en", 1, "/start")
                .put("update_id", 1)
                .toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + bot.app.webhookPort() + "/tg/hook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(WebhookServer.SECRET_HEADER, secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
