package com.atlassecure.bot.web;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET}/{@code HEAD /sub/{token}} and the Mini App's {@code POST /sub/{token}/renew}. Every request is counted
 * against its client address first; an unknown and a replaced token get the same bare 404, and a bad initData of any
 * kind the same bare 401. Tokens reach the log as 8 characters.
 */
final class SubscriptionRoutes {
    static final String PATH = "/sub/{token}";
    private static final Logger log = LoggerFactory.getLogger(SubscriptionRoutes.class);

    private final FeedReader feeds;
    private final TrafficCache traffic;
    private final FetchLimiter limiter;
    private final SubscriptionPage page;
    private final MiniAppRenewal renewal;
    private final String baseUrl;
    private final int updateHours;
    private final String supportUrl;
    private final Clock clock;

    SubscriptionRoutes(
            FeedReader feeds,
            TrafficCache traffic,
            FetchLimiter limiter,
            SubscriptionPage page,
            MiniAppRenewal renewal,
            String baseUrl,
            int updateHours,
            String supportUrl,
            Clock clock) {
        this.feeds = feeds;
        this.traffic = traffic;
        this.limiter = limiter;
        this.page = page;
        this.renewal = renewal;
        this.baseUrl = baseUrl;
        this.updateHours = updateHours;
        this.supportUrl = supportUrl;
        this.clock = clock;
    }

    void register(JavalinConfig config) {
        config.routes.get(PATH, ctx -> guarded(ctx, this::fetch));
        config.routes.head(PATH, ctx -> guarded(ctx, this::fetch));
        config.routes.post(PATH + "/renew", ctx -> guarded(ctx, this::renew));
    }

    /**
     * A failure inside (the database unreachable) answers 503, which apps retry, and is logged by its class only: the
     * path holds the token.
     */
    private static void guarded(Context ctx, java.util.function.Consumer<Context> handler) {
        try {
            handler.accept(ctx);
        } catch (RuntimeException e) {
            log.error("event=sub_failed route={} error={}", PATH, e.getClass().getSimpleName());
            ctx.status(503).header("Retry-After", "30").result("");
        }
    }

    private void fetch(Context ctx) {
        if (!limiter.tryAcquire(ClientIp.of(ctx))) {
            ctx.status(429).header("Retry-After", "60").result("");
            return;
        }
        String token = ctx.pathParam("token");
        Instant now = clock.instant();
        Optional<Feed> found = feeds.read(token, now);
        if (found.isEmpty()) {
            log.debug("event=sub_fetch status=404 token={}", SubscriptionTokens.shortForm(token));
            ctx.status(404).result("");
            return;
        }
        Feed feed = found.get();
        String formatParam = ctx.queryParam("format");
        String url = baseUrl + "/sub/" + token;
        long[] bytes = traffic.total(feed.uuid());
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (formatParam == null && wantsHtml(ctx.header("Accept"))) {
            Language lang = SubscriptionPage.language(ctx.header("Accept-Language"));
            boolean miniApp = "1".equals(ctx.queryParam("app"));
            ctx.header("Content-Security-Policy", SubscriptionPage.CONTENT_SECURITY_POLICY);
            ctx.header("Vary", "Accept, Accept-Language, User-Agent");
            ctx.contentType("text/html; charset=utf-8").result(page.render(feed, url, bytes, lang, now, miniApp));
            log.info("event=sub_page user={} lang={} app={}", feed.userId(), lang.code(), miniApp);
            return;
        }
        ClientFormat format;
        if (formatParam != null) {
            Optional<ClientFormat> named = ClientFormat.fromParameter(formatParam);
            if (named.isEmpty()) {
                ctx.status(400).result("format must be base64, sing-box, clash or xray");
                return;
            }
            format = named.get();
        } else {
            format = ClientFormat.fromUserAgent(ctx.header("User-Agent"));
        }
        byte[] body = FeedBodies.render(format, feed);
        Map<String, String> headers = FeedHeaders.of(feed, format, bytes, updateHours, supportUrl, url);
        headers.forEach(ctx::header);
        String etag = FeedHeaders.etag(body, headers);
        ctx.header("ETag", etag);
        ctx.header("Vary", "Accept, User-Agent");
        if (FeedHeaders.matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304).result("");
            return;
        }
        ctx.contentType(format.contentType).result(body);
        log.debug(
                "event=sub_fetch status=200 user={} format={} entries={}",
                feed.userId(),
                format,
                feed.entries().size());
    }

    private void renew(Context ctx) {
        if (!limiter.tryAcquire(ClientIp.of(ctx))) {
            ctx.status(429).header("Retry-After", "60").result("");
            return;
        }
        String token = ctx.pathParam("token");
        Optional<String> link =
                renewal.invoiceLink(token, new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8), clock.instant());
        if (link.isEmpty()) {
            ctx.status(401).result("");
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("invoice_link", link.get()));
    }

    /** A browser asks for HTML first; an app asks for anything, or for nothing in particular. */
    static boolean wantsHtml(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }
}
