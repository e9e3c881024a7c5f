package com.atlassecure.api.store;

/**
 * One change to the users table, applied in order inside a group-commit transaction. There is no delete on purpose:
 * a row is the record of which telegram_id its uuid belongs to for ever (decision 0016).
 */
public sealed interface RowWrite {
    /** Insert or replace the row with this uuid. */
    record Upsert(UserRecord record) implements RowWrite {}
}
