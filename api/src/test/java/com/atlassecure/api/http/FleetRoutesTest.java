package com.atlassecure.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.users.ActiveUsersDigest;
import com.atlassecure.contract.users.UserDigest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet routes over the in-memory Xray, signed as the bot signs: pages in uuid order, the digest against an
 * independent computation, and a batch whose items fail or succeed one by one.
 */
class FleetRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EXPIRY = 1900000000000L;

    @TempDir
    Path dir;

    private EdgeFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new EdgeFixture(dir).start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode get(String target) throws Exception {
        return ok(api.send(api.signed("GET", target, "")));
    }

    private HttpResponse<String> batch(String body) {
        return api.send(api.signed("POST", "/users/batch", body));
    }

    private static String add(long telegramId, String uuid, long expiry) {
        return "{\"op\":\"add\",\"telegram_id\":" + telegramId + ",\"uuid\":\"" + uuid + "\",\"expiry_timestamp_ms\":"
                + expiry + "}";
    }

    private static String items(List<String> items) {
        return "{\"items\":[" + String.join(",", items) + "]}";
    }

    @Test
    void aBatchOfAThousandAddsIsLiveAndPagesBackInUuidOrder() throws Exception {
        TreeMap<String, Long> added = new TreeMap<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String uuid = UUID.randomUUID().toString();
            added.put(uuid, EXPIRY + i);
            items.add(add(10_000 + i, uuid, EXPIRY + i));
        }

        JsonNode results = ok(batch(items(items))).get("results");

        assertThat(results)
                .hasSize(1000)
                .allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        assertThat(results.get(0).get("vless_link").asText())
                .startsWith("vless://" + results.get(0).get("uuid").asText());
        assertThat(api.xray.size()).as("every item live in Xray").isEqualTo(1000);

        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = get("/users?limit=300" + (after == null ? "" : "&after=" + after));
            page.get("users").forEach(u -> {
                paged.add(u.get("uuid").asText());
                assertThat(u.get("expiry_timestamp_ms").asLong())
                        .isEqualTo(added.get(u.get("uuid").asText()));
                assertThat(u.get("state").asText()).isEqualTo("active");
            });
            after = page.get("next_after").isNull()
                    ? null
                    : page.get("next_after").asText();
        } while (after != null);
        assertThat(paged).as("every user once, in uuid order").containsExactlyElementsOf(added.keySet());
    }

    @Test
    void theDigestEqualsAnIndependentDigestOfTheUsersWithAccessAndMovesWithTheirExpiry() throws Exception {
        TreeMap<String, Long> active = new TreeMap<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String uuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            active.put(uuid.toLowerCase(Locale.ROOT), EXPIRY + i);
            items.add(add(20_000 + i, uuid, EXPIRY + i));
        }
        ok(batch(items(items)));
        ActiveUsersDigest expected = new ActiveUsersDigest();
        active.forEach(expected::add);
        UserDigest want = expected.finish();

        JsonNode digest = get("/users/digest");
        assertThat(digest.get("count").asLong()).isEqualTo(20);
        assertThat(digest.get("sha256").asText()).isEqualTo(want.sha256());

        String first = active.firstKey();
        ok(batch(items(List.of(
                "{\"op\":\"update\",\"uuid\":\"" + first + "\",\"expiry_timestamp_ms\":" + (EXPIRY + 99) + "}"))));
        assertThat(get("/users/digest").get("sha256").asText()).isNotEqualTo(want.sha256());
    }

    @Test
    void aUserPastItsExpiryLeavesTheDigestBeforeTheSweepRemovesIt() throws Exception {
        long soon = api.clock.instant().plus(Duration.ofHours(1)).toEpochMilli();
        String uuid = UUID.randomUUID().toString();
        ok(batch(items(List.of(add(30_001, uuid, soon)))));
        assertThat(get("/users/digest").get("count").asLong()).isEqualTo(1);

        api.clock.advance(Duration.ofHours(2));

        assertThat(get("/users/digest").get("count").asLong()).isZero();
        assertThat(get("/users/digest").get("sha256").asText())
                .isEqualTo(new ActiveUsersDigest().finish().sha256());
    }

    @Test
    void eachBadItemFailsAloneWithTheStatusOfItsSingleRoute() throws Exception {
        String good = UUID.randomUUID().toString();
        String bound = UUID.randomUUID().toString();
        ok(batch(items(List.of(add(40_001, bound, EXPIRY)))));

        JsonNode results = ok(batch(items(List.of(
                        add(40_002, good, EXPIRY),
                        add(40_003, "not-a-uuid", EXPIRY),
                        "{\"op\":\"rename\",\"uuid\":\"" + UUID.randomUUID() + "\"}",
                        "{\"op\":\"add\",\"uuid\":\"" + UUID.randomUUID() + "\",\"telegram_id\":5}",
                        add(40_004, bound, EXPIRY),
                        "{\"op\":\"remove\",\"uuid\":\"" + bound + "\"}",
                        "{\"op\":\"remove\",\"uuid\":\"" + UUID.randomUUID() + "\"}"))))
                .get("results");

        assertThat(results).hasSize(7);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(1).at("/error/code").asText()).isEqualTo("invalid_uuid");
        assertThat(results.get(1).get("status").asInt()).isEqualTo(422);
        assertThat(results.get(2).at("/error/code").asText()).isEqualTo("invalid_field");
        assertThat(results.get(2).at("/error/message").asText()).contains("op=rename");
        assertThat(results.get(3).at("/error/code").asText()).isEqualTo("missing_field");
        assertThat(results.get(3).at("/error/message").asText()).contains("expiry_timestamp_ms");
        assertThat(results.get(4).at("/error/code").asText())
                .as("a uuid bound to another telegram_id")
                .isEqualTo("uuid_conflict");
        assertThat(results.get(5).get("removed").asBoolean()).isTrue();
        assertThat(results.get(6).get("removed").asBoolean()).isFalse();
        assertThat(api.xray.live("user_40002")).isPresent();
        assertThat(api.xray.live("user_40001")).as("removed in the same batch").isEmpty();
    }

    @Test
    void theBatchItselfIsRefusedOnlyWhenItIsNotABatch() throws Exception {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("{\"op\":\"remove\",\"uuid\":\"" + UUID.randomUUID() + "\"}");
        }

        assertThat(batch(items(tooMany)).statusCode()).isEqualTo(422);
        assertThat(batch("{\"items\":[]}").statusCode()).isEqualTo(422);
        assertThat(batch("{\"items\":[").statusCode()).isEqualTo(400);
        assertThat(batch("{}").statusCode()).isEqualTo(422);
        assertThat(api.xray.size()).isZero();
    }

    @Test
    void onlyTheBatchRouteTakesBodiesOverTheUsualLimit() throws Exception {
        String padded = "{\"uuid\":\"" + UUID.randomUUID() + "\"" + " ".repeat(20_000) + "}";
        assertThat(api.sendOversize("POST", "/remove-user", padded).statusCode())
                .isEqualTo(413);

        String batchPadded = items(List.of("{\"op\":\"remove\",\"uuid\":\"" + UUID.randomUUID() + "\"}"))
                .replace("[", "[" + " ".repeat(20_000));
        assertThat(batch(batchPadded).statusCode()).isEqualTo(200);

        String huge = items(List.of("{\"op\":\"remove\",\"uuid\":\"" + UUID.randomUUID() + "\"}"))
                .replace("[", "[" + " ".repeat(300_000));
        assertThat(api.sendOversize("POST", "/users/batch", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void aPageRequestSignedForOtherQueryParametersIsRefused() throws Exception {
        HttpRequest signedForFirstPage = api.signed("GET", "/users?limit=1", "");
        HttpRequest replayedForAnotherPage = HttpRequest.newBuilder(api.uri("/users?limit=2"))
                .headers(signedForFirstPage.headers().map().entrySet().stream()
                        .flatMap(e -> e.getValue().stream().flatMap(v -> java.util.stream.Stream.of(e.getKey(), v)))
                        .toArray(String[]::new))
                .GET()
                .build();

        HttpResponse<String> r = api.send(replayedForAnotherPage);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("bad_signature");
    }

    @Test
    void usersTrafficNeedsTheKeyAndTheSignatureLikeEveryFleetRoute() throws Exception {
        HttpResponse<String> anonymous =
                api.send(HttpRequest.newBuilder(api.uri("/users/traffic")).GET().build());
        HttpResponse<String> signed = api.send(api.signed("GET", "/users/traffic", ""));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(JSON.readTree(signed.body()).get("users").isArray()).isTrue();
    }

    @Test
    void badPageParametersAreNamedInTheError() throws Exception {
        HttpResponse<String> limit = api.send(api.signed("GET", "/users?limit=5000", ""));
        HttpResponse<String> after = api.send(api.signed("GET", "/users?after=zzz", ""));

        assertThat(limit.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(limit.body()).at("/error/message").asText()).contains("limit=5000");
        assertThat(after.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(after.body()).at("/error/code").asText()).isEqualTo("invalid_uuid");
        assertThat(get("/users").get("users")).isEmpty();
        assertThat(get("/users").get("next_after").isNull()).isTrue();
    }
}
