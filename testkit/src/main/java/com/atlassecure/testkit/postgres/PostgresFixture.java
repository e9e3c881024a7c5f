package com.atlassecure.testkit.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh, empty database on a real PostgreSQL server, dropped on close. The server is the one named by env
 * ATLAS_TEST_PG_URL when set, else an embedded one (zonky) started once per JVM. Where neither is possible the test
 * is skipped with the reason, or fails under CI=true.
 */
public final class PostgresFixture implements AutoCloseable {

    /** The env variable naming an external server: jdbc:postgresql://HOST:PORT/DB?user=U&amp;password=P. */
    public static final String URL_ENV = "ATLAS_TEST_PG_URL";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresFixture.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresServer server;
    private final String databaseName;
    private final PGSimpleDataSource dataSource;

    private PostgresFixture(PostgresServer server, String databaseName) {
        this.server = server;
        this.databaseName = databaseName;
        this.dataSource = server.dataSource(databaseName);
    }

    /** Creates a fresh database for one test class (or test) on the shared server. */
    public static PostgresFixture create() {
        PostgresServer server = PostgresServer.shared();
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = "atlas_test_" + HexFormat.of().formatHex(suffix);
        try (Connection admin = server.dataSource(server.adminDatabase()).getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + server.describe(), e);
        }
        LOG.info("event=test_database_created database={} server={}", name, server.describe());
        return new PostgresFixture(server, name);
    }

    /** jdbc:postgresql://HOST:PORT/DATABASE, without credentials (see {@link #user()}, {@link #password()}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + databaseName;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public String databaseName() {
        return databaseName;
    }

    /** A simple non-pooling DataSource with the credentials set. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** "external ..." or "embedded ...", for logs and reports. */
    public String serverDescription() {
        return server.describe();
    }

    /** Drops the database (terminating any connections the test left open). */
    @Override
    public void close() {
        try (Connection admin = server.dataSource(server.adminDatabase()).getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.warn("event=test_database_not_dropped database={} error={}", databaseName, e.toString());
        }
    }
}
