package com.atlassecure.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void urlThatIsNotJdbcPostgresIsRejectedWithoutShowingThePassword() {
        assertThatThrownBy(() -> PostgresServer.external("postgres://db:5432/x?user=u&password=hunter2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ATLAS_TEST_PG_URL is not a jdbc:postgresql URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unreachableExternalServerFailsNamingItInsteadOfFallingBackToEmbedded() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        assertThatThrownBy(() -> PostgresServer.external(
                        "jdbc:postgresql://127.0.0.1:1/postgres?user=atlas&password=hunter2&connectTimeout=2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("atlas@127.0.0.1:1")
                .hasMessageContaining("unreachable")
                .hasMessageNotContaining("hunter2");
    }
}
