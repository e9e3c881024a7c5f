package com.atlassecure.bot.provisioning;

import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.support.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's leasing rules on SQLite, the default store. */
class OutboxSqliteTest extends OutboxContract {
    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.sqlite(dir);
    }
}
