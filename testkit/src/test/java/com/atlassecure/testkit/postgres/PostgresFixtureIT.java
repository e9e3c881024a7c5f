package com.atlassecure.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresFixtureIT {

    @Test
    void rowRoundTripsThroughARealServer() throws SQLException {
        try (PostgresFixture postgres = PostgresFixture.create();
                Connection connection = postgres.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE subscriptions (telegram_id BIGINT PRIMARY KEY, uuid UUID NOT NULL)");
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO subscriptions VALUES (?, ?::uuid)")) {
                insert.setLong(1, 424242L);
                insert.setString(2, "9f2c8e8a-4a59-4d9b-8c7e-0d4a2b7f1e11");
                insert.executeUpdate();
            }
            try (Statement query = connection.createStatement();
                    ResultSet rows =
                            query.executeQuery("SELECT telegram_id, uuid::text, version() FROM subscriptions")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(424242L);
                assertThat(rows.getString(2)).isEqualTo("9f2c8e8a-4a59-4d9b-8c7e-0d4a2b7f1e11");
                assertThat(rows.getString(3)).startsWith("PostgreSQL");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void eachFixtureGetsItsOwnEmptyDatabaseReachableByUrl() throws SQLException {
        try (PostgresFixture first = PostgresFixture.create();
                PostgresFixture second = PostgresFixture.create()) {
            try (Connection connection = first.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE only_in_first (id INT)");
            }
            try (Connection connection =
                            DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
                    ResultSet tables = connection.getMetaData().getTables(null, "public", "only_in_first", null)) {
                assertThat(second.databaseName()).isNotEqualTo(first.databaseName());
                assertThat(tables.next()).isFalse();
            }
        }
    }
}
