package com.atlassecure.bot.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff =
            new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), new SplittableRandom(42));

    @Test
    void ceilingDoublesPerAttemptUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.ceiling(20)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.ceiling(10_000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void delayIsJitteredBetweenHalfAndTheWholeCeiling() {
        for (int attempt = 1; attempt <= 30; attempt++) {
            Duration ceiling = backoff.ceiling(attempt);
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt)).isBetween(ceiling.dividedBy(2), ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsRetriesOfManyJobs() {
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> backoff.delay(8))
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void attemptsCountFromOne() {
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
