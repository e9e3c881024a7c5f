package com.atlassecure.api.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk for ledger tests: each commit takes a while, as an fsync does, so that others queue up behind it; counts
 * commits and their sizes, and fails every commit while {@link #fail} is set.
 */
public final class SlowDisk implements UserStorage.Durable {
    public final AtomicInteger commits = new AtomicInteger();
    public final List<Integer> sizes = new ArrayList<>();
    public volatile boolean fail;

    /** An empty users table whose commits go to this disk. */
    public UserStorage storage() {
        return new UserStorage(this, List.of());
    }

    @Override
    public void commit(List<RowWrite> writes) throws SQLException {
        if (fail) {
            throw new SQLException("disk full");
        }
        commits.incrementAndGet();
        synchronized (sizes) {
            sizes.add(writes.size());
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {}
}
