package com.atlassecure.bot.telegram;

import com.atlassecure.contract.signing.ApiKeys;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives updates in webhook mode. Every request must carry {@code X-Telegram-Bot-Api-Secret-Token} equal to
 * WEBHOOK_SECRET, compared in constant time; anything else gets 401 and is never processed. Accepted updates are
 * handed to the dispatcher. Most are answered 200 at once; a money update (payment, pre-checkout, refund) is answered
 * 200 only after its handler committed, and 503 otherwise, so that Telegram delivers it again.
 */
public final class WebhookServer implements AutoCloseable {
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);

    private final Javalin server;
    private final String secret;
    private final Function<Update, CompletableFuture<Boolean>> sink;
    private final Predicate<Update> carriesMoney;
    private final Duration moneyWait;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Every update goes to {@code sink}; a money update's answer waits up to {@code moneyWait} for its result. */
    public WebhookServer(
            String path,
            String secret,
            Function<Update, CompletableFuture<Boolean>> sink,
            Predicate<Update> carriesMoney,
            Duration moneyWait) {
        this(path, secret, sink, carriesMoney, moneyWait, config -> {});
    }

    /** As above, with {@code moreRoutes} served by the same listener (the subscription URLs). */
    public WebhookServer(
            String path,
            String secret,
            Function<Update, CompletableFuture<Boolean>> sink,
            Predicate<Update> carriesMoney,
            Duration moneyWait,
            Consumer<JavalinConfig> moreRoutes) {
        this.secret = secret;
        this.sink = sink;
        this.carriesMoney = carriesMoney;
        this.moneyWait = moneyWait;
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post(path, this::receive);
            moreRoutes.accept(config);
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
        CompletableFuture<Boolean> done = sink.apply(update);
        if (!carriesMoney.test(update)) {
            ctx.status(200).result("ok");
            return;
        }
        if (committed(done)) {
            ctx.status(200).result("ok");
        } else {
            // Telegram retries a webhook delivery that did not get 2xx: the payment comes back until it is recorded.
            log.warn("event=payment_update_not_confirmed update_id={} reason=handler_failed", update.getUpdateId());
            ctx.status(503).result("not recorded yet");
        }
    }

    private boolean committed(CompletableFuture<Boolean> done) {
        try {
            return Boolean.TRUE.equals(done.get(moneyWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
