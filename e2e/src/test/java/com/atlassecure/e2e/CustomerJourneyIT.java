package com.atlassecure.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.i18n.Messages;
import com.atlassecure.testkit.api.ApiLauncher;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.xray.LoopbackHttpServer;
import com.atlassecure.testkit.xray.RealityClientConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.SocksHttp;
import com.atlassecure.testkit.xray.TestRealityKeys;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chain the audit never saw tested, end to end on real parts: a Telegram customer pays in Stars, receives a
 * link and its QR code, and the link moves real bytes through real xray over REALITY + Vision; at expiry the API
 * takes the key away and the bot says so; a renewal brings the very same key back. Alongside, each of the audit's
 * failure modes (no flow, port 443, an SNI outside serverNames) is shown to carry nothing on the same server, the
 * doctor passes the running system, and the logs of the whole run hold no secret, no full UUID and no link.
 *
 * <p>Runs once with the bot on SQLite and once on PostgreSQL.
 */
@RequiresXray
class CustomerJourneyIT {
    /** How long the first key lives in real time: enough to prove it works, short enough to wait out. */
    private static final Duration KEY_LIFETIME = Duration.ofSeconds(Long.getLong("atlas.e2e.keyLifetimeSeconds", 30));

    private static final long CUSTOMER = 5_550_001L;
    private static final String VISION = "xtls-rprx-vision";
    private static final String AUDIT_DEFAULT_SNI = "vpn.mynewllcw.com";
    /** The doctor asks the API for this well-formed UUID, which no customer has, to see that auth runs first. */
    private static final String DOCTOR_PROBE_UUID = "00000000-0000-4000-8000-000000000000";

    private static final Duration TUNNEL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REFUSED_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<BotDatabase, Duration> RUN_TIMES = new EnumMap<>(BotDatabase.class);

    private final Messages messages = Messages.load();
    private final String body = "atlas e2e " + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "bot on {0}")
    @EnumSource(BotDatabase.class)
    void customerPaysGetsAWorkingKeyLosesItAtExpiryAndRenewalRevivesTheSameKey(BotDatabase database, XrayBinary xray) {
        long started = System.nanoTime();
        CapturedLogs.clear();
        // A month of the bot's time ends KEY_LIFETIME after the payment in the API's (real) time.
        int planDays = Plan.DAYS_PER_MONTH;
        ShiftableClock botClock =
                new ShiftableClock(Duration.ofDays(planDays).negated().plus(KEY_LIFETIME));
        List<String> customerUuids = new ArrayList<>();
        AtlasStack stack = AtlasStack.start(xray, database, dir, botClock);
        try (LoopbackHttpServer web = LoopbackHttpServer.start(body)) {
            Customer customer = new Customer(CUSTOMER, stack.telegram());

            // 1. The purchase delivers a link message and a QR photo.
            Customer.Delivery bought = customer.buyAndPay("m1", "stars-charge-e2e-first");
            ShareLink link = ShareLink.parse(bought.link());
            customerUuids.add(link.uuid());

            // 2. The QR code is the same link, character for character.
            assertThat(QrImages.decode(bought.qrPng()))
                    .as("step 2: the QR photo decodes to the link text")
                    .isEqualTo(bought.link());

            // 6 (API side). The link matches the inbound the API manages, and the client it wrote has flow.
            assertLinkFaithfulToTheInbound(link, stack);
            awaitClientWithFlowOnDisk(stack, link.uuid());
            JsonNode state = stack.api().user(link.uuid());
            assertThat(state.path("state").asText())
                    .as("API state after purchase")
                    .isEqualTo("active");
            Instant expiry =
                    Instant.ofEpochMilli(state.path("expiry_timestamp_ms").asLong());
            requireTimeBefore(expiry, "the traffic check");

            // 3. The link, read by this test's own parser, carries traffic through a real client xray.
            try (Tunnel tunnel = Tunnel.open(xray, link)) {
                assertCarriesTraffic(tunnel, web, "step 3: the bought key");

                // 4. Expiry: the API's sweep removes the user, new connections fail, the bot tells the customer.
                await(
                        () -> stack.liveUsers() == 0,
                        Duration.between(Instant.now(), expiry).plusSeconds(15),
                        "the API's expiry sweep to remove the user from the live xray");
                assertThat(stack.api().user(link.uuid()).path("state").asText())
                        .as("step 4: API state after expiry")
                        .isEqualTo("expired");
                assertCarriesNothing(tunnel, web, "step 4: the expired key");
                long beforeNotice = customer.mark();
                botClock.shiftTo(Duration.ZERO); // the bot's month is over too
                RecordedCall notice = customer.awaitText(messages.get(Language.EN, "reminder.expired"), beforeNotice);
                assertThat(Customer.hasButton(notice, Menus.BUY))
                        .as("step 4: the expiry notice offers Renew")
                        .isTrue();

                // 5. Renewal: a new payment brings the same key back through update-user.
                Customer.Delivery renewed = customer.buyAndPay("m1", "stars-charge-e2e-renewal");
                assertThat(renewed.link())
                        .as("step 5: the renewal delivers the same link (same UUID)")
                        .isEqualTo(bought.link());
                assertThat(QrImages.decode(renewed.qrPng())).isEqualTo(renewed.link());
                JsonNode revived = stack.api().user(link.uuid());
                assertThat(revived.path("state").asText())
                        .as("API state after renewal")
                        .isEqualTo("active");
                assertThat(Instant.ofEpochMilli(
                                revived.path("expiry_timestamp_ms").asLong()))
                        .as("step 5: the renewed key runs a month from now")
                        .isAfter(Instant.now().plus(Duration.ofDays(planDays - 1)));
                assertThat(stack.liveUsers()).as("live users after renewal").isEqualTo(1);
                assertLinkFaithfulToTheInbound(ShareLink.parse(renewed.link()), stack);
                assertCarriesTraffic(tunnel, web, "step 5: the renewed key, same client");
            }

            // 6. Each audit failure mode, on the same server with the same active user, carries nothing.
            ServerInbound inbound = stack.inbound();
            assertThat(inbound.port()).as("the inbound's real port").isNotEqualTo(443);
            assertThat(inbound.serverNames()).doesNotContain(AUDIT_DEFAULT_SNI);
            assertRefused(xray, link, web, c -> c.flow(""), "audit 3.2: a client without flow");
            assertRefused(xray, link, web, c -> c.serverPort(443), "audit 3.1: port 443 instead of the inbound's");
            assertRefused(
                    xray,
                    link,
                    web,
                    c -> c.serverName(AUDIT_DEFAULT_SNI),
                    "audit 3.1: SNI " + AUDIT_DEFAULT_SNI + ", not in serverNames");

            // The doctor passes the running system, with the delivered link.
            ApiLauncher.CommandResult doctor = stack.doctor(bought.link());
            System.out.println("[e2e] atlas-api doctor on the running system (" + database + "):\n" + doctor.output());
            // The one FAIL a loopback test machine must have: its upstream sits on 127.0.0.1, so the stack is made
            // with --allow-private-destinations, which doctor rightly refuses for production (review H3). Every other
            // check must pass; the rule's own FAIL and PASS are proven in EgressChecksTest and DoctorXrayIT.
            List<String> failed = doctor.output()
                    .lines()
                    .filter(line -> line.startsWith("FAIL "))
                    .map(line -> line.split("\\s{2,}")[2].strip())
                    .toList();
            assertThat(failed)
                    .as("atlas-api doctor FAILs; its report:\n" + doctor.output())
                    .containsExactly("config.private-ranges");
            assertThat(doctor.exitCode()).as(doctor.output()).isEqualTo(1);
        } finally {
            stack.close(); // bot and API first: their shutdown lines belong to the scanned logs
        }

        // 7. The logs of the whole run: the API process, the bot (this JVM), and the commands' output.
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("API process", stack.apiLog());
        logs.put("bot and test JVM", CapturedLogs.text());
        logs.putAll(stack.commandOutputs());
        assertThat(stack.apiLog()).as("the API process logged its run").contains("event=user_added");
        assertThat(stack.apiLog().lines().filter(line -> line.matches("\\S+ ERROR .*")))
                .as("ERROR lines the API logged during a healthy journey")
                .isEmpty();
        assertThat(CapturedLogs.text()).as("the bot's logs were captured").contains("event=key_delivered");
        SecretScan scan = new SecretScan()
                .secret("the API key", stack.apiKey())
                .secret("the signing secret", stack.signingSecret())
                .secret("the REALITY private key", stack.realityPrivateKey())
                .secret("the bot token", stack.botToken())
                .secret(
                        "the bot token's secret part",
                        stack.botToken().substring(stack.botToken().indexOf(':') + 1));
        customerUuids.forEach(scan::customerUuid);
        scan.publicUuid(DOCTOR_PROBE_UUID);
        assertThat(scan.scan(logs))
                .as("secrets, full UUIDs or links in the logs of the run")
                .isEmpty();

        // 8. The measured time, printed for the CI log (the bound is 5 minutes for the whole module).
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        RUN_TIMES.put(database, took);
        System.out.printf("[e2e] journey with the bot on %s took %.1f s%n", database, took.toMillis() / 1000.0);
    }

    @AfterAll
    static void printTotal() {
        Duration total = RUN_TIMES.values().stream().reduce(Duration.ZERO, Duration::plus);
        System.out.printf("[e2e] journeys %s took %.1f s in total%n", RUN_TIMES.keySet(), total.toMillis() / 1000.0);
    }

    /** Every link the API issues: vision flow, the inbound's real port, an SNI it serves, the key it holds. */
    private static void assertLinkFaithfulToTheInbound(ShareLink link, AtlasStack stack) {
        ServerInbound inbound = stack.inbound();
        assertThat(link.param("flow")).as("link flow").isEqualTo(VISION);
        assertThat(link.port()).as("link port = the inbound's real port").isEqualTo(inbound.port());
        assertThat(link.param("sni")).as("link sni is in serverNames").isIn(inbound.serverNames());
        assertThat(link.param("sni")).as("link sni = XRAY_SNI").isEqualTo(stack.apiEnv("XRAY_SNI"));
        assertThat(link.param("pbk"))
                .as("link pbk = X25519 of the inbound's privateKey")
                .isEqualTo(TestRealityKeys.publicKeyOf(inbound.privateKey()));
        assertThat(link.param("sid")).as("link sid is in shortIds").isIn(inbound.shortIds());
        assertThat(link.param("security")).isEqualTo("reality");
        assertThat(link.param("encryption")).isEqualTo("none");
        assertThat(link.param("type")).isEqualTo("tcp");
        assertThat(link.param("fp")).as("link fp").isEqualTo("chrome");
        assertThat(link.host()).as("link host = XRAY_SERVER_HOST").isEqualTo(AtlasStack.LINK_HOST);
    }

    private static void awaitClientWithFlowOnDisk(AtlasStack stack, String uuid) {
        await(
                () -> stack.clientFlowsOnDisk().containsKey(uuid),
                Duration.ofSeconds(15),
                "the API to render the new client into config.json");
        assertThat(stack.clientFlowsOnDisk())
                .as("every client the API wrote into config.json has flow")
                .allSatisfy((id, flow) -> assertThat(flow).isEqualTo(VISION));
    }

    private void assertCarriesTraffic(Tunnel tunnel, LoopbackHttpServer web, String what) {
        try {
            SocksHttp.Response response = tunnel.get(web.uri(), TUNNEL_TIMEOUT);
            assertThat(response.status())
                    .as(what + ": HTTP status through the tunnel")
                    .isEqualTo(200);
            assertThat(response.body()).as(what + ": body through the tunnel").isEqualTo(body);
        } catch (IOException e) {
            fail(what + ": no traffic through the tunnel (" + e + "); client xray log:\n" + tunnel.log());
        }
    }

    private void assertCarriesNothing(Tunnel tunnel, LoopbackHttpServer web, String what) {
        int before = web.requests();
        try {
            SocksHttp.Response response = tunnel.get(web.uri(), REFUSED_TIMEOUT);
            assertThat(response.status() == 200 && body.equals(response.body()))
                    .as(what + " must carry nothing, but the page came through")
                    .isFalse();
        } catch (IOException expected) {
            // the tunnel is dead: the point of this check
        }
        assertThat(web.requests())
                .as(what + ": requests that reached the web server")
                .isEqualTo(before);
    }

    private void assertRefused(
            XrayBinary xray,
            ShareLink link,
            LoopbackHttpServer web,
            UnaryOperator<RealityClientConfig> mistake,
            String what) {
        try (Tunnel wrong = Tunnel.open(xray, link, mistake)) {
            assertCarriesNothing(wrong, web, what);
        }
    }

    private static void requireTimeBefore(Instant expiry, String step) {
        Duration left = Duration.between(Instant.now(), expiry);
        if (left.compareTo(Duration.ofSeconds(8)) < 0) {
            fail("only " + left.toMillis() + " ms of the key's " + KEY_LIFETIME + " were left for " + step
                    + "; this machine is slower than the journey assumes: raise -Datlas.e2e.keyLifetimeSeconds");
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
