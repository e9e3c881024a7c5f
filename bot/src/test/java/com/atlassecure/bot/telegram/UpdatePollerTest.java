package com.atlassecure.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.support.RecordingTelegram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/** The offset rules of our long polling, batch by batch, with no network: the offset is what Telegram confirms. */
class UpdatePollerTest {
    static final Set<Integer> MONEY = Set.of(2, 5);

    static Update update(int id) {
        Update u = new Update();
        u.setUpdateId(id);
        return u;
    }

    final List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    final Set<Integer> failing = ConcurrentHashMap.newKeySet();

    UpdatePoller poller(UpdateDispatcher dispatcher) {
        return new UpdatePoller(
                new RecordingTelegram(),
                dispatcher,
                u -> MONEY.contains(u.getUpdateId()),
                1,
                Duration.ofMillis(1),
                () -> {});
    }

    UpdateDispatcher dispatcher() {
        return new UpdateDispatcher(
                u -> {
                    handled.add(u.getUpdateId());
                    if (failing.contains(u.getUpdateId())) {
                        throw new IllegalStateException("database refused");
                    }
                },
                u -> u.getUpdateId() % 2,
                4);
    }

    @Test
    void aFailedPaymentHoldsTheOffsetAndIsTheOnlyUpdateHandedOverAgain() {
        try (UpdateDispatcher dispatcher = dispatcher()) {
            UpdatePoller poller = poller(dispatcher);
            failing.add(2);
            assertThat(poller.handle(List.of(update(1), update(2), update(3)))).isFalse();
            assertThat(poller.offset()).as("not past the unrecorded payment").isEqualTo(2);

            failing.clear();
            // Telegram sends 2 and 3 again, with a new update 4.
            assertThat(poller.handle(List.of(update(2), update(3), update(4)))).isTrue();
            assertThat(poller.offset()).isEqualTo(5);
            // Only money updates are waited for; let the others finish before counting.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(handled).containsExactlyInAnyOrder(1, 2, 3, 2, 4);
        }
    }

    @Test
    void aPaymentThatNeverSucceedsIsConfirmedAfterManyDeliveriesSoOthersAreNotStuckForever() {
        try (UpdateDispatcher dispatcher = dispatcher()) {
            UpdatePoller poller = poller(dispatcher);
            failing.add(5);
            for (int i = 1; i < UpdatePoller.MAX_FAILED_DELIVERIES; i++) {
                assertThat(poller.handle(List.of(update(5)))).isFalse();
                assertThat(poller.offset()).isEqualTo(5);
            }
            poller.handle(List.of(update(5)));
            assertThat(poller.offset()).as("abandoned to the reconciliation").isEqualTo(6);
        }
    }
}
