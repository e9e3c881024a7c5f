package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The syntax client apps parse: seconds (not milliseconds) in {@code expire}, {@code base64:} titles, ETags. */
class FeedHeadersTest {
    static final Instant EXPIRES = Instant.parse("2027-04-01T12:34:56.789Z");

    @Test
    void userInfoHasEveryFieldWithExpireInUnixSeconds() {
        Feed feed = new Feed("t", 1, "u", EXPIRES, List.of());

        String info = FeedHeaders.userInfo(1234, 56789, feed);

        assertThat(info).matches("upload=\\d+; download=\\d+; total=0; expire=\\d{10}");
        assertThat(info).isEqualTo("upload=1234; download=56789; total=0; expire=1806582896");
        assertThat(Long.parseLong(info.substring(info.lastIndexOf('=') + 1))).isEqualTo(EXPIRES.getEpochSecond());
    }

    @Test
    void aCustomerWhoNeverHadAccessExpiresInThePastNotNever() {
        assertThat(FeedHeaders.userInfo(0, 0, new Feed("t", 1, null, null, List.of())))
                .endsWith("expire=1");
    }

    @Test
    void everyHeaderIsThereWithItsSyntax() {
        Feed feed = new Feed("t", 1, "u", EXPIRES, List.of());
        Map<String, String> headers = FeedHeaders.of(
                feed, ClientFormat.CLASH, new long[] {1, 2}, 12, "https://t.me/help", "https://s.example/sub/t");

        assertThat(headers.get("profile-title")).startsWith("base64:");
        assertThat(new String(
                        Base64.getDecoder().decode(headers.get("profile-title").substring(7)), StandardCharsets.UTF_8))
                .isEqualTo("Atlas Secure");
        assertThat(headers.get("profile-update-interval")).isEqualTo("12");
        assertThat(headers.get("support-url")).isEqualTo("https://t.me/help");
        assertThat(headers.get("profile-web-page-url")).isEqualTo("https://s.example/sub/t");
        assertThat(headers.get("content-disposition")).isEqualTo("attachment; filename=\"AtlasSecure.yaml\"");
        assertThat(headers.get("cache-control")).isEqualTo("no-store");
    }

    @Test
    void theEtagChangesWithTheBodyOrTheUsageAndMatchesIfNoneMatchLists() {
        Feed feed = new Feed("t", 1, "u", EXPIRES, List.of());
        Map<String, String> a = FeedHeaders.of(feed, ClientFormat.BASE64, new long[] {1, 2}, 12, null, "p");
        Map<String, String> b = FeedHeaders.of(feed, ClientFormat.BASE64, new long[] {1, 3}, 12, null, "p");
        String etag = FeedHeaders.etag("x".getBytes(StandardCharsets.UTF_8), a);

        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(FeedHeaders.etag("y".getBytes(StandardCharsets.UTF_8), a)).isNotEqualTo(etag);
        assertThat(FeedHeaders.etag("x".getBytes(StandardCharsets.UTF_8), b)).isNotEqualTo(etag);
        assertThat(FeedHeaders.matches("\"other\", " + etag, etag)).isTrue();
        assertThat(FeedHeaders.matches("W/" + etag, etag)).isTrue();
        assertThat(FeedHeaders.matches("\"other\"", etag)).isFalse();
        assertThat(FeedHeaders.matches(null, etag)).isFalse();
    }

    @Test
    void supportUrlComesFromAHandleOrAUrl() {
        assertThat(FeedHeaders.supportUrl("@atlassecure_support")).isEqualTo("https://t.me/atlassecure_support");
        assertThat(FeedHeaders.supportUrl("https://help.example")).isEqualTo("https://help.example");
        assertThat(FeedHeaders.supportUrl("help@example.com")).isNull();
    }
}
