package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The subscription URL through the whole bot: "My key" hands it out, apps fetch it with their headers and formats, a
 * browser gets the page, an expired customer an empty list, and a reset makes the old URL a bare 404 and revokes the
 * old UUID on the node. The node is the scripted stand-in; the real one is in the e2e module.
 */
class SubscriptionUrlJourneyTest extends BotJourney {
    static final long CUSTOMER = 5005;
    static final String BASE = "https://sub.atlas.test";
    static final Pattern URL = Pattern.compile(Pattern.quote(BASE) + "/sub/([A-Za-z]{25})");

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected void prepare(Map<String, String> env) {
        api.script(EchoApi.script());
        env.put("SUBSCRIPTION_BASE_URL", BASE);
        env.put("SUBSCRIPTION_LISTEN", "127.0.0.1:0");
    }

    @Test
    void appsFetchTheirFormatWithHeadersAndAResetRevokesTheUrlAndTheKey() throws Exception {
        String token = trialAndMyKey();
        RecordedCall shown = telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == CUSTOMER && URL.matcher(c.text()).find(),
                WAIT);
        assertThat(shown.param("reply_markup")).contains("web_app").contains(BASE + "/sub/" + token + "?app=1");
        bot.app.web().refreshTraffic();

        HttpResponse<String> plain = get(token, Map.of());
        assertThat(plain.statusCode()).isEqualTo(200);
        String links = new String(Base64.getDecoder().decode(plain.body()), StandardCharsets.UTF_8);
        assertThat(links).startsWith("vless://").endsWith("#Test%20main").doesNotContain("\n");
        long expiry = bot.app
                .database()
                .withHandle(h -> h.createQuery("SELECT expires_at FROM subscriptions WHERE user_id = :id")
                        .bind("id", CUSTOMER)
                        .mapTo(Long.class)
                        .one());
        assertThat(plain.headers().firstValue("subscription-userinfo"))
                .contains("upload=1000; download=5000; total=0; expire=" + expiry / 1000);
        assertThat(plain.headers().firstValue("profile-title")).contains("base64:QXRsYXMgU2VjdXJl");
        assertThat(plain.headers().firstValue("profile-update-interval")).contains("12");
        assertThat(plain.headers().firstValue("support-url")).contains("https://t.me/atlassecure_support");
        assertThat(plain.headers().firstValue("profile-web-page-url")).contains(BASE + "/sub/" + token);
        assertThat(plain.headers().firstValue("content-disposition"))
                .contains("attachment; filename=\"AtlasSecure.txt\"");
        assertThat(plain.headers().firstValue("cache-control")).contains("no-store");
        String etag = plain.headers().firstValue("etag").orElseThrow();
        assertThat(get(token, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);

        HttpResponse<String> head =
                send(HttpRequest.newBuilder(local(token)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("subscription-userinfo"))
                .isEqualTo(plain.headers().firstValue("subscription-userinfo"));

        assertThat(get(token, Map.of("User-Agent", "SFA/1.11.9 (Android 14; sing-box 1.11.9)"))
                        .body())
                .contains("\"type\" : \"selector\"", "\"tag\" : \"Test main\"");
        assertThat(get(token, Map.of("User-Agent", "mihomo/1.19.10")).body()).contains("proxies:", "name: Test main");
        assertThat(get(token, Map.of("User-Agent", "HiddifyNextX/2.5.7 (windows) like ClashMeta v2ray sing-box"))
                        .body())
                .contains("\"remarks\" : \"Test main\"");
        assertThat(sendPath("/sub/" + token + "?format=clash", Map.of("User-Agent", "v2rayNG/1.10"))
                        .body())
                .contains("proxies:");
        assertThat(sendPath("/sub/" + token + "?format=json5", Map.of()).statusCode())
                .isEqualTo(400);

        HttpResponse<String> page =
                get(token, Map.of("Accept", "text/html,application/xhtml+xml", "Accept-Language", "ru-RU,ru;q=0.9"));
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("lang=\"ru\"", "Активна до", "data:image/png;base64,", "v2rayng://install-sub?url=");
        assertThat(page.headers().firstValue("referrer-policy")).contains("no-referrer");

        String unknown = "g".repeat(25);
        HttpResponse<String> unknownAnswer = get(unknown, Map.of());

        telegram.sendText(CUSTOMER, "en", "/key");
        RecordedCall again = telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == CUSTOMER && URL.matcher(c.text()).find() && c.sequence() > shown.sequence(),
                WAIT);
        telegram.pressButton(CUSTOMER, "en", (int) again.sequence(), "link:reset");
        telegram.awaitCall(
                "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("Reset your link?"), WAIT);
        telegram.pressButton(CUSTOMER, "en", (int) again.sequence(), "link:reset:yes");
        RecordedCall done = telegram.awaitCall(
                "editMessageText", c -> c.chatId() == CUSTOMER && c.text().startsWith("Done:"), WAIT);
        Matcher fresh = URL.matcher(done.text());
        assertThat(fresh.find()).isTrue();
        String newToken = fresh.group(1);
        assertThat(newToken).isNotEqualTo(token);

        HttpResponse<String> old = get(token, Map.of());
        assertThat(old.statusCode()).isEqualTo(404);
        assertThat(old.body()).isEqualTo(unknownAnswer.body()).isEmpty();
        assertThat(old.headers().map().keySet())
                .isEqualTo(unknownAnswer.headers().map().keySet());

        String oldUuid = links.substring("vless://".length(), links.indexOf('@'));
        awaitRequest("/remove-user", oldUuid);
        String newLinks = awaitNewLink(newToken, oldUuid);
        String newUuid = newLinks.substring("vless://".length(), newLinks.indexOf('@'));
        assertThat(newUuid).isNotEqualTo(oldUuid);
        assertThat(api.requests())
                .filteredOn(r -> r.path().equals("/add-user") && r.body().contains(newUuid))
                .isNotEmpty();
    }

    @Test
    void aDeliveredKeyIsFollowedByTheSubscriptionUrlWithoutAskingForIt() {
        telegram.sendText(CUSTOMER, "en", "/start");
        int menu = (int) telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT)
                .sequence();
        telegram.pressButton(CUSTOMER, "en", menu, Menus.TRIAL);
        RecordedCall photo = telegram.awaitCall("sendPhoto", c -> c.chatId() == CUSTOMER, WAIT);

        RecordedCall url = telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == CUSTOMER
                        && c.sequence() > photo.sequence()
                        && URL.matcher(c.text()).find(),
                WAIT);

        assertThat(url.param("reply_markup")).contains("link:reset");
    }

    @Test
    void anExpiredCustomerGetsAValidEmptyListWithThePastExpiry() throws Exception {
        String token = trialAndMyKey();
        clock.advance(Duration.ofDays(30));

        HttpResponse<String> answer = get(token, Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        String info = answer.headers().firstValue("subscription-userinfo").orElseThrow();
        long expire = Long.parseLong(info.substring(info.lastIndexOf('=') + 1));
        assertThat(expire).isPositive().isLessThan(clock.instant().getEpochSecond());
        assertThat(get(token, Map.of("Accept", "text/html")).body()).contains("Expired on");
    }

    @Test
    void theAdminResetsALeakedLinkAndTheCustomerIsSentTheNewOne() throws Exception {
        String token = trialAndMyKey();

        telegram.sendText(BotHarness.ADMIN, "en", "/user " + CUSTOMER);
        RecordedCall report = telegram.awaitCall(
                "sendMessage", c -> c.chatId() == BotHarness.ADMIN && c.text().startsWith("User " + CUSTOMER), WAIT);
        assertThat(report.text())
                .contains("Subscription link: " + token.substring(0, 8) + "…")
                .doesNotContain(token);

        telegram.sendText(BotHarness.ADMIN, "en", "/resetlink " + CUSTOMER);

        telegram.awaitCall(
                "sendMessage", c -> c.chatId() == BotHarness.ADMIN && c.text().contains("new subscription link"), WAIT);
        RecordedCall told = telegram.awaitCall(
                "sendMessage", c -> c.chatId() == CUSTOMER && c.text().startsWith("Done:"), WAIT);
        Matcher fresh = URL.matcher(told.text());
        assertThat(fresh.find()).isTrue();
        assertThat(get(token, Map.of()).statusCode()).isEqualTo(404);
        assertThat(get(fresh.group(1), Map.of()).statusCode()).isEqualTo(200);
    }

    private String trialAndMyKey() {
        return TrialCustomer.token(telegram, CUSTOMER, URL, WAIT);
    }

    private void awaitRequest(String path, String contains) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.requests().stream()
                .noneMatch(r -> r.path().equals(path) && r.body().contains(contains))) {
            assertThat(System.nanoTime()).as(path + " with " + contains).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String awaitNewLink(String token, String oldUuid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String body =
                    new String(Base64.getDecoder().decode(get(token, Map.of()).body()), StandardCharsets.UTF_8);
            if (body.startsWith("vless://") && !body.contains(oldUuid)) {
                return body;
            }
            assertThat(System.nanoTime()).as("the new URL serves the new key").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private URI local(String token) {
        return URI.create("http://127.0.0.1:" + bot.app.web().port() + "/sub/" + token);
    }

    private HttpResponse<String> get(String token, Map<String, String> headers) throws Exception {
        return sendPath("/sub/" + token, headers);
    }

    private HttpResponse<String> sendPath(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bot.app.web().port() + path));
        headers.forEach(b::header);
        return send(b.GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
