package com.atlassecure.bot.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.provisioning.JobKind;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin commands through the fake Bot API: only ADMIN_IDS may use them, and each changes what it says. */
class AdminCommandsJourneyTest extends BotJourney {
    static final long ADMIN = BotHarness.ADMIN;
    static final long CUSTOMER = 3003;

    RecordedCall replyTo(long chat, String startsWith) {
        return telegram.awaitCall(
                "sendMessage", c -> c.chatId() == chat && c.text().startsWith(startsWith), WAIT);
    }

    @Test
    void grantExtendsAndEnqueuesRevokeEndsAccessAndStatsCountThem() {
        telegram.sendText(CUSTOMER, "en", "/start");
        replyTo(CUSTOMER, "Welcome");

        telegram.sendText(ADMIN, "en", "/grant " + CUSTOMER + " 10");
        replyTo(ADMIN, "Granted 10 days to " + CUSTOMER);
        replyTo(CUSTOMER, "🎁 You received 10 days");
        Subscription granted = subscription();
        assertThat(granted.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(10)));

        telegram.sendText(ADMIN, "en", "/stats");
        RecordedCall stats = replyTo(ADMIN, "Users:");
        assertThat(stats.text()).contains("Active: 1").contains("Outbox pending: 1");

        telegram.sendText(ADMIN, "en", "/user " + CUSTOMER);
        RecordedCall user = replyTo(ADMIN, "User " + CUSTOMER);
        assertThat(user.text()).contains("Customer" + CUSTOMER).doesNotContain(granted.requestedUuid());

        telegram.sendText(ADMIN, "en", "/revoke " + CUSTOMER);
        replyTo(ADMIN, "Revoked access of " + CUSTOMER);
        assertThat(subscription().expiresAt()).isEqualTo(clock.instant());
        // Done or pending: the worker may already have run the REMOVE job against the API by now.
        List<String> kinds = bot.app
                .database()
                .withHandle(h -> h.createQuery("SELECT kind FROM outbox_jobs WHERE user_id = :user ORDER BY id")
                        .bind("user", CUSTOMER)
                        .mapTo(String.class)
                        .list());
        assertThat(kinds).contains(JobKind.REMOVE.name());
    }

    @Test
    void nodesListsTheNodeTheBotProvisionsOnWithItsHealthAfterAPoll() {
        bot.app.nodes().health("main").pollOnce();

        telegram.sendText(ADMIN, "en", "/nodes");
        RecordedCall nodes = replyTo(ADMIN, "Nodes: 1");

        // The harness's API is a scripted server that answers no /health: after one poll the node is not yet down.
        assertThat(nodes.text()).contains("main (ZZ): unknown").contains("no job waiting");
    }

    @Test
    void nodeDrainRefusesTheLastNodeAndNamesTheNodesForAnUnknownName() {
        telegram.sendText(ADMIN, "en", "/node drain main");
        replyTo(ADMIN, "Node main is the last enabled node");

        telegram.sendText(ADMIN, "en", "/node drain fr-1");
        assertThat(replyTo(ADMIN, "No node is named fr-1").text()).contains("Nodes: main");

        telegram.sendText(ADMIN, "en", "/node reboot main");
        replyTo(ADMIN, "Usage: /node drain NAME or /node enable NAME");

        telegram.sendText(ADMIN, "en", "/node enable main");
        replyTo(ADMIN, "Node main is enabled");
        telegram.sendText(ADMIN, "en", "/nodes");
        assertThat(replyTo(ADMIN, "Nodes: 1").text()).contains("· enabled ·");
    }

    @Test
    void nonAdminsGetTheCustomerMenuInsteadOfAdminCommands() {
        telegram.sendText(CUSTOMER, "en", "/grant " + CUSTOMER + " 365");
        RecordedCall reply = telegram.awaitCall("sendMessage", c -> c.chatId() == CUSTOMER, WAIT);
        assertThat(reply.text()).startsWith("Welcome").contains(messages.get(Language.EN, "start.status.none"));
        assertThat(bot.app
                        .database()
                        .<java.util.Optional<Subscription>>withHandle(
                                h -> new SubscriptionRepository().find(h, CUSTOMER)))
                .isEmpty();
    }

    @Test
    void badArgumentsShowTheUsage() {
        telegram.sendText(ADMIN, "en", "/grant someone");
        RecordedCall reply = replyTo(ADMIN, "Admin commands");
        assertThat(reply.text()).isEqualTo(messages.get(Language.EN, "admin.usage"));
    }

    private Subscription subscription() {
        return bot.app
                .database()
                .withHandle(h -> new SubscriptionRepository().find(h, CUSTOMER))
                .orElseThrow();
    }

    @Test
    void refundWhoseDatabaseWriteFailsTellsTheAdminAndASecondRefundCompletesIt() {
        long customer = 3201;
        var db = bot.app.database();
        var payments = new com.atlassecure.bot.payments.PaymentRepository();
        db.useTransaction(h -> {
            new com.atlassecure.bot.customers.CustomerRepository().ensure(h, customer, clock.instant());
            payments.createOrder(
                    h, new com.atlassecure.bot.payments.Order("o-r", customer, "m1", 30, 100, clock.instant(), null));
        });
        telegram.chargeWithoutUpdate(customer, "o-r", 100, "ch-r");
        bot.app.reconciler().runOnce();
        db.jdbi()
                .useHandle(h -> h.execute("CREATE TRIGGER refuse_refund BEFORE UPDATE OF refunded_at ON payments"
                        + " BEGIN SELECT RAISE(ABORT, 'database refused'); END"));

        telegram.sendText(ADMIN, "en", "/refund ch-r");
        String incomplete =
                messages.get(com.atlassecure.bot.i18n.Language.EN, "admin.refund_incomplete", "charge", "ch-r");
        telegram.awaitCall("sendMessage", c -> c.chatId() == ADMIN && incomplete.equals(c.text()), WAIT);
        db.jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse_refund"));

        telegram.sendText(ADMIN, "en", "/refund ch-r");
        telegram.awaitCall("sendMessage", c -> c.chatId() == ADMIN && c.text().startsWith("Refunded 100"), WAIT);
        assertThat(telegram.refundedCharges()).containsExactly("ch-r");
        assertThat(db.withHandle(h -> payments.findByCharge(h, "ch-r"))
                        .orElseThrow()
                        .refundedAt())
                .isNotNull();
    }
}
