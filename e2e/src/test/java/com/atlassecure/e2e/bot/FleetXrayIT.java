package com.atlassecure.e2e.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.bot.apiclient.ApiRejectedError;
import com.atlassecure.bot.apiclient.HttpXrayApi;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.nodes.NodeRegistry;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.NodeKey;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A fleet of two real nodes (each its own xray and API, with its own key and signing secret) behind one bot: a payment
 * reaches both with the same UUID and each node's own link; a node whose API is down holds up neither the other node
 * nor the customer, and catches up when it answers; a drained node takes no new customer until it is enabled again;
 * and one node's credentials are refused by the other.
 */
@RequiresXray
class FleetXrayIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFleetOfTwoRealNodesServesEveryCustomerOnBothAndSurvivesOneBeingDown(XrayBinary binary) throws Exception {
        try (RealSystem system = new RealSystem(binary, 2)) {
            RealSystem.Node n1 = system.node("n1");
            RealSystem.Node n2 = system.node("n2");
            Database db = system.bot().database();
            SubscriptionRepository subscriptions = new SubscriptionRepository();

            grant(system, 4001);
            awaitNoPendingJobs(system);
            Subscription ann = db.withHandle(h -> subscriptions.find(h, 4001)).orElseThrow();
            assertThat(ann.keys()).extracting(NodeKey::node).containsExactly("n1", "n2");
            for (RealSystem.Node node : system.nodes) {
                NodeKey key = ann.keyOn(node.name).orElseThrow();
                assertThat(key.uuid()).isEqualTo(ann.uuid());
                assertThat(node.api().users().user(ann.uuid()).state().name()).isEqualTo("active");
                assertThat(key.vlessLink())
                        .as("each node's link carries that node's own REALITY public key")
                        .contains("pbk=" + node.keys.publicKey());
            }
            assertThat(system.telegram.calls("sendMessage").stream()
                            .filter(m -> "4001".equals(m.param("chat_id")))
                            .count())
                    .as("one key message for the grant")
                    .isEqualTo(1);

            n2.stopApi();
            grant(system, 4002);
            awaitJobsOnlyFor(system, "n2");
            Subscription bob = db.withHandle(h -> subscriptions.find(h, 4002)).orElseThrow();
            assertThat(bob.keys()).extracting(NodeKey::node).containsExactly("n1");
            assertThat(n1.api().users().user(bob.uuid()).state().name()).isEqualTo("active");

            n2.startApi();
            // What the health poll that sees n2 again does (it may have been marked down meanwhile, and then Bob's
            // payment was placed on n1 alone): run n2's waiting jobs now and give it the customers it lacks.
            db.useTransaction(h -> {
                system.bot().provisioning().retryNow(h, "n2", Instant.now());
                system.bot().provisioning().backfill(h, "n2", Instant.now());
            });
            awaitNoPendingJobs(system);
            assertThat(n2.api().users().user(bob.uuid()).state().name()).isEqualTo("active");
            assertThat(db.withHandle(h -> subscriptions.find(h, 4002))
                            .orElseThrow()
                            .keys())
                    .extracting(NodeKey::node)
                    .containsExactly("n1", "n2");

            NodeRegistry registry = system.bot().nodes().registry();
            assertThat(registry.drain("n2")).isInstanceOf(NodeRegistry.Change.Done.class);
            grant(system, 4003);
            awaitNoPendingJobs(system);
            Subscription cay = db.withHandle(h -> subscriptions.find(h, 4003)).orElseThrow();
            assertThat(cay.keys()).extracting(NodeKey::node).containsExactly("n1");
            assertThat(n2.api().users().listing().digest().count())
                    .as("a draining node takes no new customer and keeps its own")
                    .isEqualTo(2);

            assertThat(registry.enable("n2")).isEqualTo(new NodeRegistry.Change.Done("n2", 1));
            awaitNoPendingJobs(system);
            assertThat(n2.api().users().user(cay.uuid()).state().name()).isEqualTo("active");
            assertThat(system.bot().nodes().drift("n1").runOnce().inSync()).isTrue();
            assertThat(system.bot().nodes().drift("n2").runOnce().inSync()).isTrue();
        }
    }

    @Test
    void oneNodesCredentialsAreRefusedByAnother(XrayBinary binary) throws Exception {
        try (RealSystem system = new RealSystem(binary, 2)) {
            RealSystem.Node n1 = system.node("n1");
            RealSystem.Node n2 = system.node("n2");
            HttpXrayApi n1KeyOnN2 = new HttpXrayApi(
                    URI.create(n2.url()),
                    n1.apiKey,
                    n1.signingSecret.getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5),
                    Clock.systemUTC());
            String uuid = UUID.randomUUID().toString();
            long expiry = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();

            assertThatThrownBy(() -> n1KeyOnN2.addUser(4100, uuid, expiry)).isInstanceOf(ApiRejectedError.class);
            assertThat(n2.api().users().listing().digest().count()).isZero();

            HttpXrayApi n1OwnKey = new HttpXrayApi(
                    URI.create(n1.url()),
                    n1.apiKey,
                    n1.signingSecret.getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5),
                    Clock.systemUTC());
            assertThat(n1OwnKey.addUser(4100, uuid, expiry).uuid())
                    .as("the same request with the right node's credentials is taken")
                    .isEqualTo(uuid);
        }
    }

    private static void grant(RealSystem system, long user) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        system.bot().database().useTransaction(h -> {
            new CustomerRepository().ensure(h, user, now);
            system.bot().provisioning().extend(h, user, 30, null, now);
        });
    }

    private static void awaitNoPendingJobs(RealSystem system) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (system.bot()
                        .database()
                        .<Long>withHandle(h -> system.bot().provisioning().pending(h))
                > 0) {
            assertThat(System.nanoTime()).as("every job is done").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until every job left is for {@code node} (which is down) and the others are done. */
    private static void awaitJobsOnlyFor(RealSystem system, String node) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            var perNode = system.bot()
                    .database()
                    .withHandle(h -> system.bot().provisioning().pendingByNode(h));
            if (perNode.keySet().equals(java.util.Set.of(node))) {
                return;
            }
            assertThat(System.nanoTime()).as("the other nodes' jobs are done").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
