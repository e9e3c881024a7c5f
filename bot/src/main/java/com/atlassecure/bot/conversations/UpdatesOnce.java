package com.atlassecure.bot.conversations;

import com.atlassecure.bot.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Hands each Telegram update to the router once, however many bot replicas share the database and however often
 * Telegram delivers it (a webhook retried on another replica, a poll repeated after a crash). Updates that carry money
 * are passed straight through: a payment is recorded once by its charge id and a pre-checkout answered twice is
 * refused by Telegram, and a money update must reach a replica that records it, never be skipped because another
 * replica took it and then died.
 */
public final class UpdatesOnce implements Consumer<Update> {
    private static final Logger log = LoggerFactory.getLogger(UpdatesOnce.class);
    /** Longer than any handler runs, shorter than Telegram's patience for a redelivery. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final Database db;
    private final Consumer<Update> router;
    private final Clock clock;
    private final SeenUpdateRepository seen = new SeenUpdateRepository();
    private volatile Instant lastPrune = Instant.EPOCH;

    public UpdatesOnce(Database db, Consumer<Update> router, Clock clock) {
        this.db = db;
        this.router = router;
        this.clock = clock;
    }

    @Override
    public void accept(Update update) {
        if (UpdateRouter.carriesMoney(update)) {
            router.accept(update);
            return;
        }
        long id = update.getUpdateId();
        Instant now = clock.instant();
        if (!db.inTransaction(h -> seen.claim(h, id, now, LEASE))) {
            log.info("event=update_duplicate update_id={}", id);
            return;
        }
        try {
            router.accept(update);
        } catch (RuntimeException | Error e) {
            db.useTransaction(h -> seen.release(h, id));
            throw e;
        }
        db.useTransaction(h -> seen.done(h, id, clock.instant()));
        pruneHourly(now);
    }

    private void pruneHourly(Instant now) {
        if (now.isAfter(lastPrune.plus(Duration.ofHours(1)))) {
            lastPrune = now;
            int pruned = db.inTransaction(h -> seen.prune(h, now));
            log.debug("event=updates_seen_pruned rows={}", pruned);
        }
    }
}
