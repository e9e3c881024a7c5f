package com.atlassecure.bot.support;

import com.atlassecure.bot.config.DatabaseSettings;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.testkit.postgres.PostgresFixture;
import java.nio.file.Path;

/** Opens the bot's database, migrated, on a temporary SQLite file or on a fresh real PostgreSQL database. */
public final class TestDatabases {
    private TestDatabases() {}

    public static Database sqlite(Path dir) {
        return Database.open(DatabaseSettings.parse("jdbc:sqlite:" + dir.resolve("bot.db")));
    }

    public static Database postgres(PostgresFixture fixture) {
        return Database.open(new DatabaseSettings(
                DatabaseSettings.Dialect.POSTGRESQL, fixture.jdbcUrl(), fixture.user(), fixture.password()));
    }
}
