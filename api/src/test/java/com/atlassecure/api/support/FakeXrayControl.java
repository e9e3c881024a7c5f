package com.atlassecure.api.support;

import com.atlassecure.api.xray.UserTraffic;
import com.atlassecure.api.xray.XrayControl;
import com.atlassecure.api.xray.XrayUnavailableException;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xray.XrayUserExistsException;
import com.atlassecure.api.xray.XrayUserNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory Xray for fast unit tests only (integration tests use the real binary). Mirrors the real behaviours the
 * API relies on: case-insensitive email keys, "already exists" and "not found" failures, and unavailability.
 */
public final class FakeXrayControl implements XrayControl {
    private final Map<String, XrayUser> users = new ConcurrentHashMap<>();
    public volatile boolean unavailable;
    public final AtomicInteger adds = new AtomicInteger();
    public final AtomicInteger removes = new AtomicInteger();
    /** How often countUsers was asked (the health check's call into Xray). */
    public final AtomicInteger countCalls = new AtomicInteger();
    /** The online addresses and live routing rules the device limit sees. */
    public final FakeXrayDevices devices = new FakeXrayDevices();
    /** Runs at the start of every add, on the calling thread: lets a test act at a chosen point of a sequence. */
    public volatile java.util.function.Consumer<XrayUser> beforeAdd = user -> {};

    @Override
    public void addUser(String inboundTag, XrayUser user) {
        check();
        beforeAdd.accept(user);
        adds.incrementAndGet();
        if (users.putIfAbsent(key(user.email()), user) != null) {
            throw new XrayUserExistsException("User " + user.email() + " already exists.", null);
        }
    }

    @Override
    public void removeUser(String inboundTag, String email) {
        check();
        removes.incrementAndGet();
        if (users.remove(key(email)) == null) {
            throw new XrayUserNotFoundException("User " + email + " not found.", null);
        }
    }

    @Override
    public List<XrayUser> listUsers(String inboundTag) {
        check();
        return new ArrayList<>(users.values());
    }

    @Override
    public Optional<XrayUser> findUser(String inboundTag, String email) {
        check();
        return Optional.ofNullable(users.get(key(email)));
    }

    @Override
    public long countUsers(String inboundTag) {
        countCalls.incrementAndGet();
        check();
        return users.size();
    }

    @Override
    public UserTraffic traffic(String email) {
        check();
        return new UserTraffic(0, 0);
    }

    @Override
    public Map<String, UserTraffic> allTraffic() {
        check();
        return Map.of();
    }

    @Override
    public Map<String, Long> onlineIps(String email) {
        check();
        return Map.of();
    }

    @Override
    public List<String> onlineEmails() {
        check();
        return List.of();
    }

    @Override
    public com.atlassecure.api.xray.XrayDevices devices() {
        return devices;
    }

    @Override
    public long uptimeSeconds() {
        check();
        return 100;
    }

    @Override
    public void close() {}

    /** Puts a user in directly, as if someone added it behind the API's back. */
    public void putBehindTheBack(XrayUser user) {
        users.put(key(user.email()), user);
    }

    public Optional<XrayUser> live(String email) {
        return Optional.ofNullable(users.get(key(email)));
    }

    public int size() {
        return users.size();
    }

    private void check() {
        if (unavailable) {
            throw new XrayUnavailableException("fake xray is down (UNAVAILABLE)", null);
        }
    }

    private static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
