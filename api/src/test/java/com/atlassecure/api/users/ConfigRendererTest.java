package com.atlassecure.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.contract.users.AddUserRequest;
import com.atlassecure.testkit.time.MutableClock;
import com.atlassecure.testkit.xray.RealityServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered file: clients from the store with flow, the operator's edits kept, no rewrite without a change. */
class ConfigRendererTest {
    private static final String U1 = "11111111-1111-4111-8111-111111111111";
    private static final String U2 = "22222222-2222-4222-8222-222222222222";

    @TempDir
    Path dir;

    private RendererFixture f;
    private UsersService users;
    private ConfigRenderer renderer;
    private MutableClock clock;
    private Path config;
    private String tag;

    @BeforeEach
    void setUp() throws Exception {
        f = new RendererFixture(
                dir, RealityServerConfig.builder().client("33333333-3333-4333-8333-333333333333", "by_hand", ""));
        users = f.users;
        renderer = f.renderer;
        clock = f.clock;
        config = f.config;
        tag = f.tag;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void rendersExactlyTheActiveUsersEveryOneWithFlow() {
        users.addUser(new AddUserRequest(1, U1, clock.millis() + 86_400_000L));
        users.addUser(new AddUserRequest(2, U2, clock.millis() + 86_400_000L));
        users.removeUser(new com.atlassecure.contract.users.RemoveUserRequest(U2));

        assertThat(renderer.renderNow()).isTrue();

        assertThat(XrayConfig.load(config).inbound(tag).clients())
                .extracting(ClientEntry::id, ClientEntry::email, ClientEntry::flow)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(U1, "user_1", "xtls-rprx-vision"));
        assertThat(renderer.lagMs()).isZero();
    }

    @Test
    void keepsAnOperatorsEditMadeBetweenRendersAndDoesNotRewriteWithoutAChange() throws Exception {
        users.addUser(new AddUserRequest(1, U1, clock.millis() + 86_400_000L));
        renderer.renderNow();
        String edited = Files.readString(config).replace("\"loglevel\" : \"info\"", "\"loglevel\" : \"warning\"");
        assertThat(edited).contains("\"loglevel\" : \"warning\"");
        Files.writeString(config, edited);
        Files.setLastModifiedTime(config, FileTime.from(Instant.now().plusSeconds(5)));

        users.addUser(new AddUserRequest(2, U2, clock.millis() + 86_400_000L));
        renderer.renderNow();

        String after = Files.readString(config);
        assertThat(after).contains("\"loglevel\" : \"warning\"").contains(U1).contains(U2);
        FileTime written = Files.getLastModifiedTime(config);
        assertThat(renderer.renderNow()).as("nothing changed").isFalse();
        assertThat(Files.getLastModifiedTime(config)).isEqualTo(written);
    }
}
