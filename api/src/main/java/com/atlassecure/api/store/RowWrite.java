package com.atlassecure.api.store;

/** One change to the users table, applied in order inside a group-commit transaction. */
public sealed interface RowWrite {
    /** Insert or replace the row with this uuid. */
    record Upsert(UserRecord record) implements RowWrite {}

    /** Delete the row with this uuid (frees its email for another uuid). */
    record Delete(String uuid) implements RowWrite {}
}
