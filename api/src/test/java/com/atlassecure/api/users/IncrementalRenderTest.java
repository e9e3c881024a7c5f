package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.store.UserStore;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.api.support.MutableClock;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.contract.users.RemoveUserRequest;
import com.atlassecure.contract.users.UpdateUserRequest;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.TestRealityKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    private final FakeXrayControl xray = new FakeXrayControl();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private UserStore store;
    private UsersService users;
    private ConfigRenderer renderer;
    private Path config;
    private String tag;
    private int fullRenders;
    private final AtomicLong telegramIds = new AtomicLong(1_000_000L);

    @BeforeEach
    void setUp() throws Exception {
        RealityServerConfig cfg = RealityServerConfig.builder()
                .port(4443)
                .apiPort(10085)
                .privateKey(TestRealityKeys.generate().privateKey())
                .serverNames("www.example.com")
                .shortIds("abcd")
                .target("127.0.0.1:9");
        tag = cfg.tag();
        config = dir.resolve("config.json");
        Files.writeString(config, cfg.toJson());
        store = UserStore.open(dir.resolve("data"), xray, tag);
        users = new UsersService(
                store,
                xray,
                new LinkParameters("h", 4443, "s", "p", "abcd", "chrome", "r"),
                clock,
                RemovalListener.NONE);
        renderer = new ConfigRenderer(config, tag, store.view(), Duration.ofHours(1), scheduler);
        store.addListener(renderer);
    }

    @AfterEach
    void tearDown() {
        store.close();
        scheduler.shutdownNow();
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
        Files.copy(config, copy);
        ConfigRenderer fresh = new ConfigRenderer(copy, tag, store.view(), Duration.ofHours(1), scheduler);
        assertThat(fresh.renderNow()).isTrue();
        assertThat(fresh.lastFormattedClients()).isEqualTo((int) store.view().activeCount());
        assertThat(Files.readString(config)).isEqualTo(Files.readString(copy));
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
