package com.atlassecure.api.store;

import com.atlassecure.contract.users.UserState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The committed contents of the user store, in memory, so that lookups and renders never hit the disk. Mutated only
 * by the writer thread after a commit; readers on other threads see each row either before or after a change.
 */
public final class UserView {
    private final Map<String, UserRecord> byUuid = new ConcurrentHashMap<>();
    private final Map<String, UserRecord> byEmail = new ConcurrentHashMap<>();
    private final AtomicLong activeCount = new AtomicLong();

    UserView() {}

    public Optional<UserRecord> byUuid(String uuid) {
        return Optional.ofNullable(byUuid.get(key(uuid)));
    }

    public Optional<UserRecord> byEmail(String email) {
        return Optional.ofNullable(byEmail.get(key(email)));
    }

    public long activeCount() {
        return activeCount.get();
    }

    public int size() {
        return byUuid.size();
    }

    /** A snapshot of the active users (O(n); for renders, sweeps and reconciles, never per request). */
    public List<UserRecord> active() {
        List<UserRecord> out = new ArrayList<>((int) Math.max(16, activeCount.get()));
        for (UserRecord r : byUuid.values()) {
            if (r.state() == UserState.active) {
                out.add(r);
            }
        }
        return out;
    }

    public Collection<UserRecord> all() {
        return List.copyOf(byUuid.values());
    }

    void apply(RowWrite write) {
        if (write instanceof RowWrite.Upsert u) {
            put(u.record());
        } else if (write instanceof RowWrite.Delete d) {
            remove(d.uuid());
        }
    }

    void put(UserRecord record) {
        remove(record.uuid());
        byUuid.put(key(record.uuid()), record);
        byEmail.put(key(record.email()), record);
        if (record.active()) {
            activeCount.incrementAndGet();
        }
    }

    private void remove(String uuid) {
        UserRecord old = byUuid.remove(key(uuid));
        if (old != null) {
            byEmail.remove(key(old.email()), old);
            if (old.active()) {
                activeCount.decrementAndGet();
            }
        }
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
