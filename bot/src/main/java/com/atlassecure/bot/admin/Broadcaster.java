package com.atlassecure.bot.admin;

import com.atlassecure.bot.admin.BroadcastRepository.Broadcast;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.telegram.Keyboard;
import com.atlassecure.bot.telegram.TelegramCallException;
import com.atlassecure.bot.telegram.TelegramGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a broadcast to every user who has not blocked the bot, in user-id order, at most one message per {@code
 * interval} (70 ms in production: about half of Telegram's ~30 messages/s, leaving room for keys). A 429 waits the {@code retry_after} Telegram asks for and
 * retries the same user; a 403 marks the user as having blocked the bot and moves on. The cursor is saved after
 * every user, so a restart resumes where it stopped. Not thread-safe: one broadcaster runs broadcasts one at a time.
 */
public final class Broadcaster {
    /** Pauses the sender; tests record the pauses instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    private static final int MAX_TRIES_PER_USER = 5;

    private final Database db;
    private final BroadcastRepository broadcasts = new BroadcastRepository();
    private final CustomerRepository customers;
    private final TelegramGateway telegram;
    private final Sleeper sleeper;
    private final Duration interval;
    private final Clock clock;

    public Broadcaster(
            Database db,
            CustomerRepository customers,
            TelegramGateway telegram,
            Sleeper sleeper,
            Duration interval,
            Clock clock) {
        this.db = db;
        this.customers = customers;
        this.telegram = telegram;
        this.sleeper = sleeper;
        this.interval = interval;
        this.clock = clock;
    }

    public long create(long adminId, String text) {
        return db.inTransaction(h -> broadcasts.create(h, text, adminId, clock.instant()));
    }

    public List<Long> unfinished() {
        return db.withHandle(broadcasts::unfinished);
    }

    /** Sends the rest of broadcast {@code id}; returns its final counters. */
    public Broadcast run(long id) throws InterruptedException {
        Broadcast b = db.withHandle(h -> broadcasts.find(h, id)).orElseThrow();
        long cursor = b.cursorUserId();
        while (b.finishedAt() == null) {
            long after = cursor;
            List<Long> batch = db.withHandle(h -> customers.reachableAfter(h, after, 100));
            if (batch.isEmpty()) {
                db.useTransaction(h -> broadcasts.finish(h, id, clock.instant()));
                break;
            }
            for (long userId : batch) {
                int[] outcome = sendOne(userId, b.text());
                db.useTransaction(h -> broadcasts.advance(h, id, userId, outcome[0], outcome[1], outcome[2]));
                cursor = userId;
                sleeper.sleep(interval);
            }
        }
        Broadcast done = db.withHandle(h -> broadcasts.find(h, id)).orElseThrow();
        log.info(
                "event=broadcast_done id={} sent={} blocked={} failed={}",
                id,
                done.sent(),
                done.blocked(),
                done.failed());
        return done;
    }

    /** {sent, blocked, failed} for one user. */
    private int[] sendOne(long userId, String text) throws InterruptedException {
        for (int attempt = 1; attempt <= MAX_TRIES_PER_USER; attempt++) {
            try {
                telegram.sendText(userId, text, Keyboard.NONE);
                return new int[] {1, 0, 0};
            } catch (TelegramCallException e) {
                if (e.blocked()) {
                    db.useTransaction(h -> customers.markBlocked(h, userId, clock.instant()));
                    return new int[] {0, 1, 0};
                }
                if (e.retryAfterSeconds() == null) {
                    log.warn("event=broadcast_send_failed user={} error=\"{}\"", userId, e.getMessage());
                    return new int[] {0, 0, 1};
                }
                log.info("event=broadcast_throttled user={} retry_after_s={}", userId, e.retryAfterSeconds());
                sleeper.sleep(Duration.ofSeconds(e.retryAfterSeconds()));
            }
        }
        return new int[] {0, 0, 1};
    }

    /** Picks up, on {@code executor}, every broadcast a previous run left unfinished (after a restart). */
    public void resumeUnfinished(java.util.concurrent.ExecutorService executor) {
        for (long id : unfinished()) {
            log.info("event=broadcast_resuming id={}", id);
            executor.submit(() -> {
                try {
                    run(id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.error("event=broadcast_failed id={} error=\"{}\"", id, e.getMessage(), e);
                }
            });
        }
    }
}
