package com.atlassecure.api.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The committed contents of the users table, in memory, so that lookups and renders never hit the disk. Mutated only
 * by {@link UserStorage#commit}, after the commit, by the one thread committing; readers on other threads see each row
 * either before or after a change.
 */
public final class UserView {
    /** The order clients appear in config.json: oldest first, so a new customer is appended at the end. */
    // Case-insensitive without a lowercase copy per comparison: at 100k users a load or a reconcile makes millions
    // of comparisons, and the copies were a third of the API's start-up CPU.
    static final Comparator<UserRecord> RENDER_ORDER = Comparator.comparingLong(UserRecord::createdMs)
            .thenComparing(UserRecord::uuid, String.CASE_INSENSITIVE_ORDER);

    // Sorted by lowercase uuid, so a fleet page (GET /users?after=) and the digest are walks, not sorts. A lookup is
    // O(log n) instead of O(1): about 17 string comparisons at 100k users, which random uuids settle in a character.
    private final ConcurrentSkipListMap<String, UserRecord> byUuid = new ConcurrentSkipListMap<>();
    private final Map<String, UserRecord> byEmail = new ConcurrentHashMap<>();
    // Kept sorted as rows change (O(log n) per change, about 30 bytes per user) so that a render of 100k clients is a
    // walk, not a sort: sorting on every render was half of the render's CPU and 15 MB of garbage each time.
    private final NavigableSet<UserRecord> activeInOrder = new ConcurrentSkipListSet<>(RENDER_ORDER);
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

    /** A snapshot of the active users in render order (O(n); for sweeps and reconciles, never per request). */
    public List<UserRecord> active() {
        return new ArrayList<>(activeInOrder);
    }

    /**
     * The active users in render order, live and without a copy: a walk sees each user either before or after a
     * concurrent change (the renderer re-renders after any change committed during its walk).
     */
    public Collection<UserRecord> activeInRenderOrder() {
        return activeInRenderOrder(null, null);
    }

    /**
     * The live active users from {@code fromInclusive} up to {@code toExclusive} in render order; a null bound is
     * open. The records need not be in the view any more: they only mark a position.
     */
    public Collection<UserRecord> activeInRenderOrder(UserRecord fromInclusive, UserRecord toExclusive) {
        NavigableSet<UserRecord> range;
        if (fromInclusive == null && toExclusive == null) {
            range = activeInOrder;
        } else if (fromInclusive == null) {
            range = activeInOrder.headSet(toExclusive, false);
        } else if (toExclusive == null) {
            range = activeInOrder.tailSet(fromInclusive, true);
        } else {
            range = activeInOrder.subSet(fromInclusive, true, toExclusive, false);
        }
        return Collections.unmodifiableCollection(range);
    }

    /** The order of config.json's clients: by creation time, then by uuid. */
    public static Comparator<UserRecord> renderOrder() {
        return RENDER_ORDER;
    }

    /**
     * Up to {@code limit} users of every state after {@code afterExclusive} (null: from the first) in lowercase uuid
     * order, live: a walk sees each row either before or after a concurrent change.
     */
    public List<UserRecord> page(String afterExclusive, int limit) {
        Map<String, UserRecord> tail = afterExclusive == null ? byUuid : byUuid.tailMap(key(afterExclusive), false);
        List<UserRecord> page = new ArrayList<>(Math.min(limit, 1024));
        for (UserRecord r : tail.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(r);
        }
        return page;
    }

    /** Every user in lowercase uuid order, live and without a copy (for the fleet digest). */
    public Collection<UserRecord> inUuidOrder() {
        return Collections.unmodifiableCollection(byUuid.values());
    }

    public Collection<UserRecord> all() {
        return List.copyOf(byUuid.values());
    }

    /** Applies a committed write; returns the row it replaced, or null. */
    UserRecord apply(RowWrite write) {
        return put(((RowWrite.Upsert) write).record());
    }

    UserRecord put(UserRecord record) {
        UserRecord old = remove(record.uuid());
        byUuid.put(key(record.uuid()), record);
        byEmail.put(key(record.email()), record);
        if (record.active()) {
            activeInOrder.add(record);
            activeCount.incrementAndGet();
        }
        return old;
    }

    private UserRecord remove(String uuid) {
        UserRecord old = byUuid.remove(key(uuid));
        if (old != null) {
            byEmail.remove(key(old.email()), old);
            if (old.active()) {
                activeInOrder.remove(old);
                activeCount.decrementAndGet();
            }
        }
        return old;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
