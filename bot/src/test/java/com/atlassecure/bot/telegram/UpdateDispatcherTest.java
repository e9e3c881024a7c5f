package com.atlassecure.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

class UpdateDispatcherTest {
    static Update update(int id) {
        Update u = new Update();
        u.setUpdateId(id);
        return u;
    }

    @Test
    void aFailingUpdateDoesNotStopTheOthers() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(
                u -> {
                    try {
                        if (u.getUpdateId() == 1) {
                            throw new IllegalStateException("boom");
                        }
                        handled.add(u.getUpdateId());
                    } finally {
                        done.countDown();
                    }
                },
                u -> 7,
                4)) {
            dispatcher.submit(update(1));
            dispatcher.submit(update(2));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(handled).containsExactly(2);
    }

    @Test
    void updatesOfOneUserRunInOrderWhileUsersRunConcurrently() throws Exception {
        int users = 8;
        int perUser = 50;
        Map<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(users * perUser);
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(
                u -> {
                    long user = u.getUpdateId() % users;
                    seen.computeIfAbsent(user, k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(u.getUpdateId());
                    done.countDown();
                },
                u -> u.getUpdateId() % users,
                4)) {
            for (int i = 0; i < users * perUser; i++) {
                dispatcher.submit(update(i));
            }
            assertThat(done.await(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
        }
        assertThat(seen).hasSize(users);
        seen.values().forEach(ids -> assertThat(ids).hasSize(perUser).isSorted());
    }
}
