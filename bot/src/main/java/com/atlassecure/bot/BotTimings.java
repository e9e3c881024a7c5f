package com.atlassecure.bot;

import com.atlassecure.bot.admin.Broadcaster;
import java.time.Duration;

/** The bot's timings, which tests shorten; production uses {@link #defaults()}. */
public record BotTimings(
        Duration workerPoll,
        Duration reminderInterval,
        Duration broadcastInterval,
        Broadcaster.Sleeper sleeper,
        java.util.function.LongConsumer handlerNanos,
        Duration moneyBudget,
        Duration reconcileInterval) {
    /** How long a money update retries database refusals before it is left unconfirmed for Telegram to resend. */
    public static final Duration MONEY_BUDGET = Duration.ofSeconds(20);

    public static final Duration RECONCILE_INTERVAL = Duration.ofMinutes(10);

    public BotTimings(
            Duration workerPoll,
            Duration reminderInterval,
            Duration broadcastInterval,
            Broadcaster.Sleeper sleeper,
            java.util.function.LongConsumer handlerNanos) {
        this(workerPoll, reminderInterval, broadcastInterval, sleeper, handlerNanos, MONEY_BUDGET, RECONCILE_INTERVAL);
    }

    public BotTimings(
            Duration workerPoll, Duration reminderInterval, Duration broadcastInterval, Broadcaster.Sleeper sleeper) {
        this(workerPoll, reminderInterval, broadcastInterval, sleeper, nanos -> {});
    }

    /** The same timings with another money budget and reconciliation interval. */
    public BotTimings withMoney(Duration budget, Duration reconcile) {
        return new BotTimings(
                workerPoll, reminderInterval, broadcastInterval, sleeper, handlerNanos, budget, reconcile);
    }

    // 70 ms per broadcast message is about 14/s: half of Telegram's ~30 messages/s, leaving room for keys.
    public static BotTimings defaults() {
        return new BotTimings(
                Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMillis(70), d -> Thread.sleep(d.toMillis()));
    }
}
