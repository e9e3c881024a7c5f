package com.atlassecure.api.users;

import com.atlassecure.api.links.LinkParameters;
import com.atlassecure.api.support.FakeXrayControl;
import com.atlassecure.testkit.time.MutableClock;
import com.atlassecure.testkit.xray.RealityServerConfig;
import com.atlassecure.testkit.xray.TestRealityKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A config.json on disk, a store over a fake Xray, the users service and a renderer: what renderer tests share. */
final class RendererFixture implements AutoCloseable {
    final FakeXrayControl xray = new FakeXrayControl();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Path config;
    final String tag;
    final UserLedger store;
    final UsersService users;
    final ConfigRenderer renderer;

    /** {@code server} is completed with the inbound every test uses; it may already hold clients written by hand. */
    RendererFixture(Path dir, RealityServerConfig server) throws IOException {
        RealityServerConfig cfg = server.port(4443)
                .apiPort(10085)
                .privateKey(TestRealityKeys.generate().privateKey())
                .serverNames("www.example.com")
                .shortIds("abcd")
                .target("127.0.0.1:9");
        tag = cfg.tag();
        config = dir.resolve("config.json");
        Files.writeString(config, cfg.toJson());
        store = UserLedger.open(dir.resolve("data"), xray, tag);
        users = new UsersService(
                store,
                xray,
                new LinkParameters("h", 4443, "s", "p", "abcd", "chrome", "r"),
                clock,
                RemovalListener.NONE,
                UsersServiceTest.LIMITS,
                new SweepGuard(clock, clock::monotonicNanos, 100));
        renderer = rendererFor(config);
    }

    /** A renderer of the same store into {@code file}; its delay is an hour, so only renderNow writes. */
    ConfigRenderer rendererFor(Path file) {
        return new ConfigRenderer(file, tag, store.view(), Duration.ofHours(1), scheduler);
    }

    @Override
    public void close() {
        store.close();
        scheduler.shutdownNow();
    }
}
