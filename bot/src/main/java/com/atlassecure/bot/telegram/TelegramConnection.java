package com.atlassecure.bot.telegram;

import java.net.URI;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The bot's HTTP clients to the Bot API and their lifetime: one for ordinary calls, and one whose read timeout outlasts
 * a long poll, so a {@code getUpdates} that Telegram holds open is never cut short by our own client.
 */
public final class TelegramConnection implements AutoCloseable {
    private final OkHttpClient pollingHttp;
    private final BotApiGateway gateway;

    private TelegramConnection(OkHttpClient pollingHttp, BotApiGateway gateway) {
        this.pollingHttp = pollingHttp;
        this.gateway = gateway;
    }

    /** Connects to the Bot API at {@code apiUrl}; {@code pollSeconds} is how long Telegram may hold a getUpdates. */
    public static TelegramConnection open(String token, URI apiUrl, int pollSeconds) {
        TelegramUrl url = telegramUrl(apiUrl);
        OkHttpClient pollingHttp = new OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(pollSeconds + 25L))
                .build();
        BotApiGateway gateway = new BotApiGateway(
                new OkHttpTelegramClient(token, url), new OkHttpTelegramClient(pollingHttp, token, url));
        return new TelegramConnection(pollingHttp, gateway);
    }

    static TelegramUrl telegramUrl(URI uri) {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new TelegramUrl(uri.getScheme(), uri.getHost(), port, false);
    }

    public TelegramGateway gateway() {
        return gateway;
    }

    /** Abandons a long poll in flight, so shutdown does not wait for Telegram to answer it. */
    public void cancelPolls() {
        pollingHttp.dispatcher().cancelAll();
    }

    @Override
    public void close() {
        pollingHttp.dispatcher().executorService().shutdown();
        pollingHttp.connectionPool().evictAll();
    }
}
