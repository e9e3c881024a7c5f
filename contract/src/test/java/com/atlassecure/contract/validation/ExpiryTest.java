package com.atlassecure.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.errors.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    @Test
    void boundsAreTheDocumentedInstants() {
        assertThat(Expiry.MIN_MS)
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
        assertThat(Expiry.MAX_MS)
                .isEqualTo(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void lowerBoundIsInclusiveAndUpperBoundExclusive() {
        assertThat(Expiry.requireValid(Expiry.MIN_MS)).isEqualTo(Expiry.MIN_MS);
        assertThat(Expiry.requireValid(Expiry.MAX_MS - 1)).isEqualTo(Expiry.MAX_MS - 1);
        assertRejected(Expiry.MIN_MS - 1);
        assertRejected(Expiry.MAX_MS);
    }

    @Test
    void aTimestampInSecondsIsRejectedInsteadOfExpiringTheCustomerIn1970() {
        long thirtyDaysFromPlanStartInSeconds =
                Instant.parse("2026-12-28T00:00:00Z").getEpochSecond();
        assertRejected(thirtyDaysFromPlanStartInSeconds);
    }

    @Test
    void zeroNegativeAndExtremeValuesAreRejected() {
        assertRejected(0);
        assertRejected(-1);
        assertRejected(Long.MIN_VALUE);
        assertRejected(Long.MAX_VALUE);
    }

    @Test
    void rejectionNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Expiry.requireValid(1767225600L))
                .hasMessageContaining("expiry_timestamp_ms")
                .hasMessageContaining("1767225600");
    }

    private static final long NOW = Instant.parse("2026-12-03T00:00:00Z").toEpochMilli();
    private static final Duration HORIZON = Duration.ofDays(400);

    @Test
    void anExpiryUpToTheHorizonIsAcceptedAndOneMillisecondMoreIsRejected() {
        long last = NOW + HORIZON.toMillis();
        assertThat(Expiry.requireWithinHorizon(last, NOW, HORIZON)).isEqualTo(last);
        assertThat(Expiry.requireWithinHorizon(NOW - 1, NOW, HORIZON))
                .as("a past expiry (a refund ending access now) is not the horizon's business")
                .isEqualTo(NOW - 1);
        assertThatThrownBy(() -> Expiry.requireWithinHorizon(last + 1, NOW, HORIZON))
                .isInstanceOfSatisfying(
                        ContractViolation.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EXPIRY));
    }

    @Test
    void aHorizonRejectionNamesTheValueTheLimitAndTheLastAllowedInstant() {
        long tooFar = NOW + Duration.ofDays(401).toMillis();
        assertThatThrownBy(() -> Expiry.requireWithinHorizon(tooFar, NOW, HORIZON))
                .hasMessageContaining("expiry_timestamp_ms")
                .hasMessageContaining(Long.toString(tooFar))
                .hasMessageContaining("400 days")
                .hasMessageContaining("2028-01-07T00:00:00Z");
    }

    @Test
    void theHorizonNeverLiftsTheAbsoluteBound() {
        long now = Expiry.MAX_MS - Duration.ofDays(10).toMillis();
        assertThatThrownBy(() -> Expiry.requireWithinHorizon(Expiry.MAX_MS, now, HORIZON))
                .isInstanceOf(ContractViolation.class);
    }

    private static void assertRejected(long value) {
        assertThatThrownBy(() -> Expiry.requireValid(value))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).code()).isEqualTo(ErrorCode.INVALID_EXPIRY));
    }
}
