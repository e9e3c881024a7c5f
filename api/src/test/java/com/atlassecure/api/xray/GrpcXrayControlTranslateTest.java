package com.atlassecure.api.xray;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How gRPC failures map to our exceptions. Regression: Xray killed in the middle of an AlterInbound surfaced as gRPC
 * UNKNOWN "channel closed" and the API answered 500 internal ("Xray refused the change") instead of 503
 * xray_unavailable (found by XrayDiesUnderLoadXrayIT).
 */
class GrpcXrayControlTranslateTest {
    private final GrpcXrayControl control = new GrpcXrayControl("127.0.0.1:1", Duration.ofSeconds(1));

    @AfterEach
    void close() {
        control.close();
    }

    @Test
    void aConnectionClosedMidCallIsUnavailableNotARefusal() {
        var closed = Status.UNKNOWN
                .withDescription("channel closed")
                .withCause(new ClosedChannelException())
                .asRuntimeException();
        assertThat(control.translate("AlterInbound(add user_1)", closed)).isInstanceOf(XrayUnavailableException.class);
        var closedWithoutCause =
                Status.UNKNOWN.withDescription("channel closed").asRuntimeException();
        assertThat(control.translate("AlterInbound(add user_1)", closedWithoutCause))
                .isInstanceOf(XrayUnavailableException.class);
    }

    @Test
    void xrayRefusalsKeepTheirMeaning() {
        var exists =
                Status.UNKNOWN.withDescription("User user_1 already exists.").asRuntimeException();
        assertThat(control.translate("add", exists)).isInstanceOf(XrayUserExistsException.class);
        var other = Status.UNKNOWN.withDescription("failed to parse account").asRuntimeException();
        assertThat(control.translate("add", other)).isExactlyInstanceOf(XrayException.class);
        assertThat(control.translate("add", Status.UNAVAILABLE.asRuntimeException()))
                .isInstanceOf(XrayUnavailableException.class);
    }
}
