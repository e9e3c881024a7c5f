package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static com.atlassecure.api.support.ApiUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.xray.XrayException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Xray killed and started again holds only its config file's users. The render delay here is an hour, so the file
 * does not have them: the reconcile triggered by the detected restart alone must make every user live again.
 */
@RequiresXray
class RestartReconcileXrayIT {

    private static Set<String> liveIds(ApiUnderTest api) {
        try {
            return api.control.listUsers(api.serverConfig.tag()).stream()
                    .filter(u -> u.flow().equals("xtls-rprx-vision"))
                    .map(XrayUser::id)
                    .collect(Collectors.toSet());
        } catch (XrayException e) {
            return Set.of();
        }
    }

    @Test
    void afterXrayIsKilledAndRestartedEveryUserIsLiveAgain() {
        ApiUnderTest.Options options = new ApiUnderTest.Options();
        options.renderDelay = Duration.ofHours(1);
        try (ApiUnderTest api = new ApiUnderTest(XrayBinary.require(), options)) {
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String uuid = UUID.randomUUID().toString();
                assertThat(api.post("/add-user", addUserJson(4000 + i, uuid, api.inAMonth()))
                                .statusCode())
                        .isEqualTo(200);
                uuids.add(uuid);
            }
            assertThat(liveIds(api)).containsAll(uuids);

            api.xray.kill();
            api.xray.start();
            assertThat(liveIds(api))
                    .as("xray restarted from a file without them")
                    .doesNotContainAnyElementsOf(uuids);

            boolean allBack =
                    eventually(Duration.ofSeconds(30), () -> liveIds(api).containsAll(uuids));

            assertThat(allBack).as("live after restart: " + liveIds(api)).isTrue();
            assertThat(api.app.reconciler().last().reason()).isIn("xray_restart", "live_deficit");
            assertThat(api.app.reconciler().last().added()).isEqualTo(20);
        }
    }

    @Test
    void reconcileRemovesALiveUserTheStoreDoesNotKnowAndRepairsAFlowlessOne() {
        try (ApiUnderTest api = new ApiUnderTest(XrayBinary.require())) {
            String known = UUID.randomUUID().toString();
            assertThat(api.post("/add-user", addUserJson(4100, known, api.inAMonth()))
                            .statusCode())
                    .isEqualTo(200);
            String tag = api.serverConfig.tag();
            api.control.removeUser(tag, "user_4100");
            api.control.addUser(tag, new XrayUser(known, "user_4100", "", 0)); // flowless, behind our back
            api.control.addUser(tag, new XrayUser(UUID.randomUUID().toString(), "stranger", "xtls-rprx-vision", 0));

            var report = api.app.reconciler().reconcile("test");

            assertThat(report.replaced()).isEqualTo(1);
            assertThat(report.removed()).isEqualTo(1);
            assertThat(api.control.findUser(tag, "stranger")).isEmpty();
            assertThat(api.control.findUser(tag, "user_4100").orElseThrow().flow())
                    .isEqualTo("xtls-rprx-vision");
        }
    }
}
