package com.atlassecure.bot.storage;

import com.atlassecure.bot.support.TestDatabases;
import com.atlassecure.testkit.postgres.PostgresFixture;

/** The repository suite on a real PostgreSQL (testkit's fixture: ATLAS_TEST_PG_URL, else embedded). */
class StoragePostgresIT extends StorageContract {
    private PostgresFixture fixture;

    @Override
    Database open() {
        fixture = PostgresFixture.create();
        return TestDatabases.postgres(fixture);
    }

    @Override
    void closeDatabase() {
        fixture.close();
    }
}
