package com.atlassecure.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/** The JVM-wide PostgreSQL server behind every fixture: external (ATLAS_TEST_PG_URL) or embedded (zonky). */
record PostgresServer(String host, int port, String adminDatabase, String user, String password, String kind) {

    private static PostgresServer shared;

    static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = resolve(System.getenv());
        }
        return shared;
    }

    static PostgresServer resolve(Map<String, String> env) {
        String url = env.get(PostgresFixture.URL_ENV);
        if (url != null && !url.isBlank()) {
            return external(url.strip());
        }
        try {
            return embedded();
        } catch (IOException | RuntimeException e) {
            String reason = "no PostgreSQL for tests: " + PostgresFixture.URL_ENV + " is unset and embedded PostgreSQL"
                    + " (zonky) did not start: " + e + "; .ci/run provides one";
            if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
                throw new IllegalStateException("CI=true but " + reason, e);
            }
            return Assumptions.abort(reason);
        }
    }

    static PostgresServer external(String url) {
        Properties props = Driver.parseURL(url, null);
        if (props == null) {
            throw new IllegalStateException(PostgresFixture.URL_ENV + " is not a jdbc:postgresql URL: "
                    + url.replaceAll("password=[^&]*", "password=***"));
        }
        String host = props.getProperty("PGHOST", "127.0.0.1").split(",")[0];
        int port = Integer.parseInt(props.getProperty("PGPORT", "5432").split(",")[0]);
        String database = props.getProperty("PGDBNAME", "postgres");
        PostgresServer server = new PostgresServer(
                host,
                port,
                database.isEmpty() ? "postgres" : database,
                props.getProperty("user", System.getProperty("user.name")),
                props.getProperty("password", ""),
                "external");
        server.checkReachable();
        return server;
    }

    private static PostgresServer embedded() throws IOException {
        // zonky wraps initdb/pg_ctl in `unshare -U` when it runs as root, where PostgreSQL itself refuses to run.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                // the JVM is exiting; the temp data dir is all that is left behind
            }
        }));
        return new PostgresServer("127.0.0.1", postgres.getPort(), "postgres", "postgres", "postgres", "embedded");
    }

    PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    String describe() {
        return kind + " postgresql://" + user + "@" + host + ":" + port;
    }

    private void checkReachable() {
        try (var connection = dataSource(adminDatabase).getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    PostgresFixture.URL_ENV + " names " + describe() + "/" + adminDatabase + " but it is unreachable: "
                            + e.getMessage(),
                    e);
        }
    }
}
