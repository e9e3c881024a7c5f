package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart command: success reconciles, one failure is retried, two failures (or timeouts) are reported. */
class XrayRestarterTest {
    private final AtomicInteger reconciles = new AtomicInteger();

    @Test
    void aSuccessfulRestartIsFollowedByAReconcile() {
        new XrayRestarter(List.of("true"), Duration.ofSeconds(5), reconciles::incrementAndGet).restart("test");

        assertThat(reconciles.get()).isEqualTo(1);
    }

    @Test
    void aFailedFirstAttemptIsRetriedOnce(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("tried");
        // Fails the first time (and leaves a marker), succeeds the second time.
        String script = "if [ -e " + marker + " ]; then exit 0; else touch " + marker + "; exit 3; fi";

        new XrayRestarter(List.of("sh", "-c", script), Duration.ofSeconds(5), reconciles::incrementAndGet)
                .restart("test");

        assertThat(Files.exists(marker)).isTrue();
        assertThat(reconciles.get()).isEqualTo(1);
    }

    @Test
    void twoTimeoutsAreReportedWithTheSettingAndNoReconcile() {
        XrayRestarter restarter =
                new XrayRestarter(List.of("sleep", "10"), Duration.ofMillis(200), reconciles::incrementAndGet);

        assertThatThrownBy(() -> restarter.restart("test"))
                .isInstanceOf(XrayRestarter.RestartFailedException.class)
                .hasMessageContaining("XRAY_RESTART_COMMAND=[sleep, 10]")
                .hasMessageContaining("timed out after 200 ms");
        assertThat(reconciles.get()).isZero();
    }

    @Test
    void aNonZeroExitIsReportedWithItsOutput() {
        XrayRestarter restarter = new XrayRestarter(
                List.of("sh", "-c", "echo unit xray.service not found; exit 5"),
                Duration.ofSeconds(5),
                reconciles::incrementAndGet);

        assertThatThrownBy(() -> restarter.restart("test")).hasMessageContaining("exit 5: unit xray.service not found");
    }
}
