package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page opened as a Mini App: Renew answers an invoice link only to initData Telegram signed for the page's owner,
 * fresh and used once; forged, stale, replayed or foreign initData gets a bare 401. And every path is rate limited
 * per client address, found or not.
 */
class MiniAppJourneyTest extends BotJourney {
    static final long CUSTOMER = 6006;
    static final Pattern URL = Pattern.compile("https://sub\\.atlas\\.test/sub/([A-Za-z]{25})");

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected void prepare(Map<String, String> env) {
        api.script(EchoApi.script());
        env.put("SUBSCRIPTION_BASE_URL", "https://sub.atlas.test");
        env.put("SUBSCRIPTION_LISTEN", "127.0.0.1:0");
        env.put("SUBSCRIPTION_RATE_PER_MINUTE", "20");
    }

    @Test
    void renewAnswersAnInvoiceLinkOnlyToFreshUnusedInitDataOfTheOwner() throws Exception {
        String token = tokenOfCustomer();
        long now = clock.instant().getEpochSecond();
        String initData = InitDataSigner.forUser(BotHarness.TOKEN, CUSTOMER, now - 5, "q1");

        HttpResponse<String> page = get("/sub/" + token + "?app=1", "text/html");
        assertThat(page.body()).contains("id=\"renew\"", "telegram-web-app.js", "openInvoice");
        assertThat(get("/sub/" + token, "text/html").body()).doesNotContain("telegram-web-app.js");

        HttpResponse<String> renewed = renew(token, initData);
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(renewed.body()).contains("\"invoice_link\":\"https://t.me/$fake");
        RecordedCall link = telegram.awaitCall("createInvoiceLink", c -> true, WAIT);
        assertThat(link.param("currency")).isEqualTo("XTR");
        assertThat(link.param("subscription_period")).isNull();

        assertThat(renew(token, initData).statusCode()).as("replayed").isEqualTo(401);
        String forged = InitDataSigner.forUser("123456789:AAAnotherBotTokenNotOurs_0123456789", CUSTOMER, now, "q2");
        assertThat(renew(token, forged).statusCode()).as("forged").isEqualTo(401);
        String stale = InitDataSigner.forUser(BotHarness.TOKEN, CUSTOMER, now - 2 * 3600, "q3");
        assertThat(renew(token, stale).statusCode()).as("stale").isEqualTo(401);
        String foreign = InitDataSigner.forUser(BotHarness.TOKEN, CUSTOMER + 1, now, "q4");
        assertThat(renew(token, foreign).statusCode()).as("another customer's").isEqualTo(401);
        String tampered = initData.replace("q1", "q5");
        assertThat(renew(token, tampered).statusCode()).as("tampered").isEqualTo(401);
        assertThat(renew(token, "").statusCode()).as("empty").isEqualTo(401);
        String fresh = InitDataSigner.forUser(BotHarness.TOKEN, CUSTOMER, now, "q6");
        assertThat(renew("g".repeat(25), fresh).statusCode())
                .as("unknown token")
                .isEqualTo(401);
    }

    @Test
    void everyFetchCountsAgainstTheClientAddressFoundOrNot() throws Exception {
        String token = tokenOfCustomer();
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            String path = "/sub/" + (i % 2 == 0 ? token : "h".repeat(25));
            int status = get(path, "*/*").statusCode();
            if (status == 429) {
                limited++;
            } else {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(20);
        assertThat(limited).isEqualTo(10);
    }

    private String tokenOfCustomer() {
        return TrialCustomer.token(telegram, CUSTOMER, URL, WAIT);
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> renew(String token, String initData) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/sub/" + token + "/renew"))
                        .POST(HttpRequest.BodyPublishers.ofString(initData))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + bot.app.web().port() + path);
    }
}
