package com.atlassecure.bot.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.bot.telegram.BotApiGateway;
import com.atlassecure.testkit.telegram.FakeBotApi;
import com.atlassecure.testkit.telegram.RecordedCall;
import com.atlassecure.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/** Broadcasts over the real Bot API wire format: rate, 429 retry_after, blocked users, resuming. */
class BroadcastTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2027-03-01T10:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();
    final CustomerRepository customers = new CustomerRepository();
    FakeBotApi telegram;
    Database db;
    Broadcaster broadcaster;

    @BeforeEach
    void setUp() {
        telegram = FakeBotApi.start();
        db = TestDatabases.sqlite(dir);
        for (long id = 1; id <= 4; id++) {
            long user = id;
            db.useTransaction(h -> customers.upsert(h, user, Language.EN, "U", null, clock.instant()));
        }
        var client = new OkHttpTelegramClient(
                "123456789:AAHarnessTokenNeverReal_0123456789",
                new TelegramUrl("http", "127.0.0.1", telegram.port(), false));
        broadcaster =
                new Broadcaster(db, customers, new BotApiGateway(client), sleeps::add, Duration.ofMillis(40), clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
        telegram.close();
    }

    @Test
    void honoursRetryAfterAndThenDeliversToTheSameUser() throws Exception {
        telegram.throttle("sendMessage", 1, 7);
        long id = broadcaster.create(1, "news");
        BroadcastRepository.Broadcast done = broadcaster.run(id);

        assertThat(sleeps).contains(Duration.ofSeconds(7));
        List<RecordedCall> sends = telegram.calls("sendMessage");
        assertThat(sends).extracting(RecordedCall::chatId).containsExactly(1L, 1L, 2L, 3L, 4L);
        assertThat(done.sent()).isEqualTo(4);
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void staysUnderTwentyFiveMessagesPerSecond() throws Exception {
        broadcaster.run(broadcaster.create(1, "news"));
        assertThat(sleeps).hasSize(4).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(40)));
    }

    @Test
    void skipsAndRemembersUsersWhoBlockedTheBot() throws Exception {
        telegram.blockChat(2);
        BroadcastRepository.Broadcast done = broadcaster.run(broadcaster.create(1, "news"));
        assertThat(done.sent()).isEqualTo(3);
        assertThat(done.blocked()).isEqualTo(1);
        assertThat(db.withHandle(h -> customers.find(h, 2)).orElseThrow().blockedAt())
                .isNotNull();

        BroadcastRepository.Broadcast second = broadcaster.run(broadcaster.create(1, "more news"));
        assertThat(second.blocked())
                .as("a user known to have blocked the bot is not tried again")
                .isZero();
        assertThat(second.sent()).isEqualTo(3);
    }

    @Test
    void resumesAfterTheLastUserHandledBeforeARestart() throws Exception {
        long id = broadcaster.create(1, "news");
        db.useTransaction(h -> new BroadcastRepository().advance(h, id, 2, 2, 0, 0));
        assertThat(broadcaster.unfinished()).containsExactly(id);
        BroadcastRepository.Broadcast done = broadcaster.run(id);
        assertThat(telegram.calls("sendMessage"))
                .extracting(RecordedCall::chatId)
                .containsExactly(3L, 4L);
        assertThat(done.sent()).isEqualTo(4);
        assertThat(broadcaster.unfinished()).isEmpty();
    }
}
