package com.atlassecure.api.xray;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnlineNamesTest {

    @Test
    void namesTheUsersOnlineMapAsXrayDoes() {
        assertThat(OnlineNames.of("user_42")).isEqualTo("user>>>user_42>>>online");
    }

    @Test
    void readsTheEmailBackOnlyFromOnlineMapNames() {
        assertThat(OnlineNames.emailOf("user>>>user_42>>>online")).contains("user_42");
        assertThat(OnlineNames.emailOf("user>>>user_42>>>traffic>>>uplink")).isEmpty();
        assertThat(OnlineNames.emailOf("inbound>>>api>>>online")).isEmpty();
        assertThat(OnlineNames.emailOf("user>>>>>>online")).isEmpty();
        assertThat(OnlineNames.emailOf(null)).isEmpty();
    }
}
