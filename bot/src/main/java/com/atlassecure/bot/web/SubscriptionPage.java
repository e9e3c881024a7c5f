package com.atlassecure.bot.web;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.bot.keys.QrCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * The subscription URL as a browser sees it: state, expiry and traffic, a QR code of the URL, one-tap import buttons,
 * the URL to copy and short steps per platform, in English or Russian. Server-rendered and complete without
 * JavaScript; the only script is the Mini App's Renew button, included when the page is opened from the bot.
 */
final class SubscriptionPage {
    /** No outside resource but Telegram's Mini App script; the address (a secret) is never sent as a referrer. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline';"
            + " script-src https://telegram.org 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action"
            + " 'none'";

    /** Recent QR images per URL (about 4 KB each): drawing and checking one costs about 10 ms of CPU. */
    private static final int QR_CACHE_MAX = 256;

    private final Messages messages;
    private final java.util.concurrent.ConcurrentMap<String, String> qrCodes =
            new java.util.concurrent.ConcurrentHashMap<>();

    SubscriptionPage(Messages messages) {
        this.messages = messages;
    }

    /** The page's language from {@code Accept-Language}: Russian when it is preferred over English, else English. */
    static Language language(String acceptLanguage) {
        if (acceptLanguage == null) {
            return Language.EN;
        }
        for (String part : acceptLanguage.split(",")) {
            String tag = part.strip().toLowerCase(Locale.ROOT);
            if (tag.startsWith("ru") || tag.startsWith("uk") || tag.startsWith("be") || tag.startsWith("kk")) {
                return Language.RU;
            }
            if (tag.startsWith("en")) {
                return Language.EN;
            }
        }
        return Language.EN;
    }

    String render(Feed feed, String url, long[] traffic, Language lang, Instant now, boolean miniApp) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!doctype html><html lang=\"")
                .append(lang.code())
                .append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex\">")
                .append("<title>")
                .append(esc(t(lang, "page.title")))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body><main>");
        html.append("<h1>").append(esc(t(lang, "page.title"))).append("</h1>");
        html.append("<p id=\"status\" class=\"")
                .append(feed.activeAt(now) ? "active" : "inactive")
                .append("\">")
                .append(esc(status(feed, lang, now)))
                .append("</p>");
        html.append("<p id=\"traffic\">")
                .append(esc(t(lang, "page.traffic", "up", size(traffic[0]), "down", size(traffic[1]))))
                .append("</p>");
        html.append("<p id=\"servers\">")
                .append(esc(t(lang, "page.servers", "count", feed.entries().size())))
                .append("</p>");
        if (miniApp && feed.expiresAt() != null) {
            html.append("<p><button id=\"renew\" type=\"button\" hidden>")
                    .append(esc(t(lang, "page.renew")))
                    .append("</button></p><p id=\"renew-error\" hidden>")
                    .append(esc(t(lang, "page.renew_failed")))
                    .append("</p>");
        }
        html.append("<section><h2>").append(esc(t(lang, "page.import"))).append("</h2><ul class=\"apps\">");
        for (AppLinks.AppLink app : AppLinks.forUrl(url)) {
            html.append("<li><a class=\"import\" data-app=\"")
                    .append(esc(app.app()))
                    .append("\" href=\"")
                    .append(esc(app.href()))
                    .append("\">")
                    .append(esc(app.app()))
                    .append("</a> <span>")
                    .append(esc(app.platforms()))
                    .append("</span></li>");
        }
        html.append("</ul></section>");
        html.append("<section><h2>").append(esc(t(lang, "page.qr"))).append("</h2>");
        html.append("<img id=\"qr\" width=\"256\" height=\"256\" alt=\"")
                .append(esc(t(lang, "page.qr")))
                .append("\" src=\"data:image/png;base64,")
                .append(qr(url))
                .append("\"></section>");
        html.append("<section><h2>").append(esc(t(lang, "page.url"))).append("</h2>");
        html.append("<input id=\"sub-url\" readonly value=\"").append(esc(url)).append("\"></section>");
        html.append("<section><h2>").append(esc(t(lang, "page.steps"))).append("</h2><ol id=\"steps\">");
        for (String platform : new String[] {"android", "apple", "windows"}) {
            html.append("<li>").append(esc(t(lang, "page.steps." + platform))).append("</li>");
        }
        html.append("</ol><p class=\"note\">")
                .append(esc(t(lang, "page.private")))
                .append("</p></section>");
        html.append("</main>");
        if (miniApp) {
            html.append("<script src=\"https://telegram.org/js/telegram-web-app.js\"></script><script>")
                    .append(RENEW_SCRIPT)
                    .append("</script>");
        }
        html.append("</body></html>");
        return html.toString();
    }

    private String qr(String url) {
        if (qrCodes.size() > QR_CACHE_MAX) {
            qrCodes.clear();
        }
        return qrCodes.computeIfAbsent(url, u -> Base64.getEncoder().encodeToString(QrCodes.png(u)));
    }

    private String status(Feed feed, Language lang, Instant now) {
        if (feed.expiresAt() == null) {
            return t(lang, "page.status.none");
        }
        if (feed.activeAt(now)) {
            long days = Duration.between(now, feed.expiresAt()).toDays();
            return t(lang, "page.status.active", "date", feed.expiresAt(), "days", days);
        }
        return t(lang, "page.status.expired", "date", feed.expiresAt());
    }

    private String t(Language lang, String key, Object... args) {
        return messages.get(lang, key, args);
    }

    /** Bytes in the largest unit that keeps the number at least 1, one decimal. */
    static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:0;background:#f5f7fb;color:#111}"
            + "main{max-width:34rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem}h2{font-size:1.05rem;margin-top:1.5rem}"
            + ".active{color:#0a7a32;font-weight:600}.inactive{color:#b42318;font-weight:600}"
            + ".apps{list-style:none;padding:0}.apps li{margin:.4rem 0}"
            + ".import{display:inline-block;padding:.5rem .9rem;background:#2563eb;color:#fff;border-radius:.5rem;"
            + "text-decoration:none;min-width:6rem;text-align:center}#qr{background:#fff;padding:.5rem;"
            + "image-rendering:pixelated}#sub-url{width:100%;font:inherit;padding:.4rem}.note{color:#555}"
            + "#renew{padding:.6rem 1.2rem;font:inherit;background:#f59e0b;border:0;border-radius:.5rem}";

    /** Shown only inside Telegram: posts the signed initData and opens the invoice the bot answers with. */
    private static final String RENEW_SCRIPT = "(function(){var app=window.Telegram&&window.Telegram.WebApp;"
            + "if(!app||!app.initData){return;}app.ready();var b=document.getElementById('renew');b.hidden=false;"
            + "b.addEventListener('click',function(){b.disabled=true;fetch(location.pathname+'/renew',{method:'POST',"
            + "headers:{'Content-Type':'text/plain'},body:app.initData}).then(function(r){if(!r.ok){throw r.status;}"
            + "return r.json();}).then(function(j){app.openInvoice(j.invoice_link,function(){location.reload();});})"
            + ".catch(function(){document.getElementById('renew-error').hidden=false;});});})();";
}
