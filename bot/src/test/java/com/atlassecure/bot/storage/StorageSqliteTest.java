package com.atlassecure.bot.storage;

import com.atlassecure.bot.support.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The repository suite on SQLite, the default store. */
class StorageSqliteTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.sqlite(dir);
    }
}
