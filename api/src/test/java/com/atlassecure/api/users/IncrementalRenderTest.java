package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.testkit.time.MutableClock;
import com.atlassecure.testkit.xray.RealityServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render that copies untouched runs from the previous file must write exactly the bytes a full render writes,
 * whatever mix of adds, renewals, removals, revivals and expiries came in between.
 */
class IncrementalRenderTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private final AtomicLong telegramIds = new AtomicLong(1_000_000L);
    private RendererFixture f;
    private UsersService users;
    private ConfigRenderer renderer;
    private MutableClock clock;
    private int fullRenders;

    @BeforeEach
    void setUp() throws Exception {
        f = new RendererFixture(dir, RealityServerConfig.builder());
        f.store.addListener(f.renderer); // the renderer learns which runs changed from the store's commits
        users = f.users;
        renderer = f.renderer;
        clock = f.clock;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void copiedRunsPlusFormattedRunsEqualAFullRenderAfterEveryMixOfChanges() throws Exception {
        Random random = new Random(20261128L);
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            add(known, random);
        }
        renderer.renderNow();
        assertMatchesFullRender();

        for (int round = 0; round < 60; round++) {
            int changes = 1 + random.nextInt(40);
            for (int c = 0; c < changes; c++) {
                change(known, random);
            }
            renderer.renderNow();
            assertMatchesFullRender();
        }
        assertThat(fullRenders).as("renders compared").isEqualTo(61);
    }

    @Test
    void aNewCustomerReformatsOnlyTheLastRun() throws Exception {
        Random random = new Random(7);
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            add(known, random);
        }
        renderer.renderNow();
        assertThat(renderer.lastFormattedClients()).isEqualTo(1000);

        clock.advance(Duration.ofSeconds(1));
        add(known, random);
        renderer.renderNow();

        assertThat(renderer.lastFormattedClients()).isBetween(1, RenderIndex.RUN_CLIENTS);
        assertMatchesFullRender();
    }

    @Test
    void changesCommittedDuringARenderReachTheFileByTheNextRender() throws Exception {
        Random seed = new Random(99);
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            add(known, seed);
        }
        renderer.renderNow();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(5);
            try {
                for (int i = 0; !stop.get(); i++) {
                    change(known, random);
                }
            } catch (Throwable t) {
                synchronized (failures) {
                    failures.add(t);
                }
            }
        });
        writer.start();
        for (int i = 0; i < 40; i++) {
            renderer.renderNow();
        }
        stop.set(true);
        writer.join();
        assertThat(failures).isEmpty();

        renderer.renderNow();
        assertMatchesFullRender();
    }

    /** The file on disk against what a renderer with no layout (so formatting every client) writes. */
    private void assertMatchesFullRender() throws Exception {
        Path copy = dir.resolve("full-" + fullRenders++ + ".json");
        Files.copy(f.config, copy);
        ConfigRenderer fresh = f.rendererFor(copy);
        assertThat(fresh.renderNow()).isTrue();
        assertThat(fresh.lastFormattedClients()).isEqualTo((int) f.store.view().activeCount());
        assertThat(Files.readString(f.config)).isEqualTo(Files.readString(copy));
    }

    private void add(List<String> known, Random random) {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        // Several customers in the same millisecond: their order falls to the uuid.
        if (random.nextInt(3) == 0) {
            clock.advance(Duration.ofMillis(1 + random.nextInt(5)));
        }
        users.addUser(new AddUserRequest(
                telegramIds.incrementAndGet(), uuid, clock.millis() + DAY + random.nextInt(1000) * 60_000L));
        synchronized (known) {
            known.add(uuid);
        }
    }

    private void change(List<String> known, Random random) {
        String target;
        synchronized (known) {
            target = known.get(random.nextInt(known.size()));
        }
        switch (random.nextInt(6)) {
            case 0 -> add(known, random);
            case 1 -> users.updateUser(new UpdateUserRequest(target, clock.millis() + 30 * DAY, null));
            case 2 -> users.removeUser(new RemoveUserRequest(target));
            case 3 -> users.updateUser(new UpdateUserRequest(target, clock.millis() + 2 * DAY, null)); // revives
            case 4 -> {
                clock.advance(Duration.ofMinutes(random.nextInt(20)));
                users.expireDue();
            }
            default -> {
                /* a render with nothing new for some runs */
            }
        }
    }
}
