package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static com.atlassecure.api.support.ApiUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Xray ignores expiryTime; the sweep enforces it. The clock is moved, nothing sleeps until a user expires. */
@RequiresXray
class ExpirySweepXrayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSweepRemovesExpiredUsersLiveAndFromTheConfigAndLeavesTheOthers(XrayBinary binary) throws Exception {
        try (ApiUnderTest api = new ApiUnderTest(binary)) {
            String tag = api.serverConfig.tag();
            String soon = UUID.randomUUID().toString();
            String later = UUID.randomUUID().toString();
            long now = api.clock.millis();
            assertThat(api.post(
                                    "/add-user",
                                    addUserJson(
                                            7001,
                                            soon,
                                            now + Duration.ofHours(1).toMillis()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(api.post(
                                    "/add-user",
                                    addUserJson(
                                            7002,
                                            later,
                                            now + Duration.ofDays(3).toMillis()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(api.app.sweep()).as("nothing has expired yet").isZero();

            api.clock.advance(Duration.ofHours(2));
            int removed = api.app.sweep();

            assertThat(removed).isEqualTo(1);
            assertThat(api.control.findUser(tag, "user_7001")).isEmpty();
            assertThat(api.control.findUser(tag, "user_7002")).isPresent();
            assertThat(api.removedEmails).containsExactly("user_7001");
            assertThat(eventually(
                            Duration.ofSeconds(3),
                            () -> XrayConfig.load(api.xray.configFile()).inbound(tag).clients().stream()
                                    .noneMatch(c -> c.id().equals(soon))))
                    .isTrue();
            JsonNode state = JSON.readTree(api.get("/users/" + soon).body());
            assertThat(state.get("state").asText()).isEqualTo("expired");
            assertThat(api.get("/metrics").body()).contains("atlas_api_expiry_removals_total 1.0");
            assertThat(api.app.sweep()).as("a second sweep finds nothing new").isZero();
        }
    }

    @Test
    void aFortyDayClockJumpAndBackLeavesPaidUsersActive(XrayBinary binary) throws Exception {
        try (ApiUnderTest api = new ApiUnderTest(binary)) {
            String tag = api.serverConfig.tag();
            String month = UUID.randomUUID().toString();
            String days = UUID.randomUUID().toString();
            long now = api.clock.millis();
            assertThat(api.post(
                                    "/add-user",
                                    addUserJson(
                                            7101,
                                            month,
                                            now + Duration.ofDays(30).toMillis()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(api.post(
                                    "/add-user",
                                    addUserJson(
                                            7102, days, now + Duration.ofDays(3).toMillis()))
                            .statusCode())
                    .isEqualTo(200);

            api.clock.jump(Duration.ofDays(40));
            assertThat(api.app.sweep())
                    .as("the wall clock jumped, the monotonic clock did not")
                    .isZero();
            api.clock.jump(Duration.ofDays(-40));
            assertThat(api.app.sweep()).isZero();

            assertThat(api.control.findUser(tag, "user_7101")).isPresent();
            assertThat(api.control.findUser(tag, "user_7102")).isPresent();
            assertThat(api.removedEmails).isEmpty();
            for (String uuid : new String[] {month, days}) {
                assertThat(JSON.readTree(api.get("/users/" + uuid).body())
                                .get("state")
                                .asText())
                        .isEqualTo("active");
            }
        }
    }
}
