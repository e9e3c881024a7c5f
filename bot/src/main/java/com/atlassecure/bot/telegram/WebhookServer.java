package com.atlassecure.bot.telegram;

import com.atlassecure.contract.signing.ApiKeys;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives updates in webhook mode. Every request must carry {@code X-Telegram-Bot-Api-Secret-Token} equal to
 * WEBHOOK_SECRET, compared in constant time; anything else gets 401 and is never processed. Accepted updates are
 * handed to the dispatcher and answered 200 at once, so Telegram never times out waiting on the handler.
 */
public final class WebhookServer implements AutoCloseable {
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);

    private final Javalin server;
    private final String secret;
    private final Consumer<Update> sink;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public WebhookServer(String path, String secret, Consumer<Update> sink) {
        this.secret = secret;
        this.sink = sink;
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post(path, this::receive);
        });
    }

    public WebhookServer start(String host, int port) {
        server.start(host, port);
        log.info("event=webhook_listening host={} port={}", host, server.port());
        return this;
    }

    public int port() {
        return server.port();
    }

    private void receive(Context ctx) {
        if (!ApiKeys.constantTimeEquals(secret, ctx.header(SECRET_HEADER))) {
            log.warn("event=webhook_rejected reason=secret remote={}", ctx.ip());
            ctx.status(401).result("unauthorized");
            return;
        }
        Update update;
        try {
            update = json.readValue(ctx.bodyAsBytes(), Update.class);
        } catch (IOException e) {
            ctx.status(400).result("not an update");
            return;
        }
        sink.accept(update);
        ctx.status(200).result("ok");
    }

    @Override
    public void close() {
        server.stop();
    }
}
