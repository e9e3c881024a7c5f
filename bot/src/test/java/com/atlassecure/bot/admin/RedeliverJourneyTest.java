package com.atlassecure.bot.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.conversations.Menus;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.support.BotHarness;
import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * M10: after a REALITY key rotation every link changes. /redeliver sends every active customer their new link
 * through the outbox (update-user, then delivery), paced apart, and "My key" serves the new link afterwards.
 */
class RedeliverJourneyTest extends BotJourney {
    static final long ADMIN = BotHarness.ADMIN;
    static final List<Long> CUSTOMERS = List.of(3101L, 3102L, 3103L);
    static final String ROTATED = "pbk=rotated-key";

    @Test
    void redeliverSendsEveryActiveCustomerTheNewLinkPacedAndMyKeyServesIt() throws Exception {
        api.script(EchoApi.script());
        for (long customer : CUSTOMERS) {
            telegram.sendText(customer, "en", "/start");
            RecordedCall menu = telegram.awaitCall("sendMessage", c -> c.chatId() == customer, WAIT);
            telegram.pressButton(customer, "en", (int) menu.sequence(), Menus.TRIAL);
            telegram.awaitCall("sendPhoto", c -> c.chatId() == customer, WAIT);
        }
        // The server's key pair was rotated: the API now builds every link with the new public key.
        api.script(EchoApi.script(link -> link.replace("#Test", "&" + ROTATED + "#Test")));

        // The first re-delivery is due at once and the worker may finish it before we look, so the jobs are found by
        // id, done or not.
        long lastJobBefore = bot.app
                .database()
                .withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM outbox_jobs")
                        .mapTo(Long.class)
                        .one());
        telegram.sendText(ADMIN, "en", "/redeliver");
        String started = messages.get(
                com.atlassecure.bot.i18n.Language.EN, "admin.redeliver_started", "count", CUSTOMERS.size());
        telegram.awaitCall("sendMessage", c -> c.chatId() == ADMIN && started.equals(c.text()), WAIT);
        List<Long> runAts = bot.app
                .database()
                .withHandle(h -> h.createQuery(
                                "SELECT run_at FROM outbox_jobs WHERE id > :before AND deliver_key = 1 ORDER BY id")
                        .bind("before", lastJobBefore)
                        .mapTo(Long.class)
                        .list());
        assertThat(runAts).hasSize(CUSTOMERS.size());
        for (int i = 1; i < runAts.size(); i++) {
            assertThat(runAts.get(i) - runAts.get(i - 1))
                    .as("deliveries paced apart")
                    .isEqualTo(Provisioning.REDELIVERY_PACE.toMillis());
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (CUSTOMERS.stream().anyMatch(c -> newLinksSentTo(c) == 0)) {
            assertThat(System.nanoTime()).as("every customer got the new link").isLessThan(deadline);
            clock.advance(Provisioning.REDELIVERY_PACE);
            bot.app.worker().wake();
            Thread.sleep(50);
        }
        assertThat(api.requests().stream().filter(r -> r.path().equals("/update-user")))
                .hasSize(CUSTOMERS.size());

        long first = CUSTOMERS.get(0);
        telegram.sendText(first, "en", "/key");
        deadline = System.nanoTime() + WAIT.toNanos();
        while (newLinksSentTo(first) < 2) {
            assertThat(System.nanoTime()).as("My key answered").isLessThan(deadline);
            Thread.sleep(20);
        }
        for (long customer : CUSTOMERS) {
            assertThat(newLinksSentTo(customer)).isEqualTo(customer == first ? 2 : 1);
        }
    }

    private long newLinksSentTo(long customer) {
        return telegram.calls("sendMessage").stream()
                .filter(c ->
                        c.chatId() == customer && c.text() != null && c.text().contains(ROTATED))
                .count();
    }
}
