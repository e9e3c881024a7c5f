package com.atlassecure.bot.support;

import com.atlassecure.bot.apiclient.ApiRejectedError;
import com.atlassecure.bot.apiclient.ApiUnavailableError;
import com.atlassecure.bot.apiclient.DeviceCount;
import com.atlassecure.bot.apiclient.InvalidResponseError;
import com.atlassecure.bot.apiclient.NodeDevices;
import com.atlassecure.bot.apiclient.ProvisionedKey;
import com.atlassecure.bot.apiclient.XrayApi;
import com.atlassecure.contract.errors.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link XrayApi} for unit tests of the outbox logic (STYLE: in-memory fakes for unit tests only).
 * It answers with a link built from a fixed test host, or fails while {@link #down} is set. It keeps the users it
 * holds and, like the real API, answers add-user for a user it holds with the stored expiry. Journeys against the
 * real API live in the e2e module.
 */
public final class ScriptedXrayApi implements XrayApi, NodeDevices {
    /** One call as the worker made it. */
    public record Call(String op, long telegramId, String uuid, long expiryMs) {}

    private final List<Call> calls = new ArrayList<>();
    private final java.util.Map<String, Long> users = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> limits = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> online = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> blocked = new java.util.HashMap<>();
    private int removesToFail;
    private final String host;
    public volatile boolean down;

    /** How the node answers besides {@link #down}: each as a real node's failure looks to the bot. */
    public enum Fault {
        NONE,
        /** 500 internal: nothing applied. */
        REJECTS,
        /** Applies the change, then answers too late to matter: the bot sees the time-out. */
        SLOW,
        /** Applies the change, then answers something that is not a valid answer. */
        GARBAGE
    }

    public volatile Fault fault = Fault.NONE;

    public ScriptedXrayApi() {
        this("vpn.test.invalid");
    }

    /** A node whose links name {@code host}, so each node of a fleet answers its own link. */
    public ScriptedXrayApi(String host) {
        this.host = host;
    }

    /** This node's link for {@code uuid}. */
    public String link(String uuid) {
        return "v" + "less://" + uuid + "@" + host + ":4443?security=reality&flow=xtls-rprx-vision#Test";
    }

    /** The next {@code n} remove-user calls fail as if the API were unavailable. */
    public synchronized void failRemoves(int n) {
        removesToFail = n;
    }

    /** The expiry the "API" holds for this user; empty when it holds no such user. */
    public synchronized java.util.Optional<Long> expiryOf(String uuid) {
        return java.util.Optional.ofNullable(users.get(uuid));
    }

    public static String linkFor(String uuid) {
        return "v" + "less://" + uuid + "@vpn.test.invalid:4443?security=reality&flow=xtls-rprx-vision#Test";
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized ProvisionedKey addUser(
            long telegramId, String uuid, long expiryTimestampMs, Integer deviceLimit) {
        calls.add(new Call("add", telegramId, uuid, expiryTimestampMs));
        failIfDown();
        rememberLimit(uuid, deviceLimit);
        // As the real API: adding a user it already holds answers the stored user, expiry included.
        long held = users.computeIfAbsent(uuid, u -> expiryTimestampMs);
        afterApplied();
        return new ProvisionedKey(uuid, link(uuid), held);
    }

    @Override
    public synchronized ProvisionedKey updateUser(
            long telegramId, String uuid, long expiryTimestampMs, Integer deviceLimit) {
        calls.add(new Call("update", telegramId, uuid, expiryTimestampMs));
        failIfDown();
        rememberLimit(uuid, deviceLimit);
        users.put(uuid, expiryTimestampMs);
        afterApplied();
        return new ProvisionedKey(uuid, link(uuid), expiryTimestampMs);
    }

    @Override
    public synchronized boolean removeUser(String uuid) {
        calls.add(new Call("remove", 0, uuid, 0));
        failIfDown();
        if (removesToFail > 0) {
            removesToFail--;
            throw new ApiUnavailableError("scripted remove failure", null);
        }
        boolean removed = users.remove(uuid) != null;
        afterApplied();
        return removed;
    }

    private void rememberLimit(String uuid, Integer deviceLimit) {
        if (deviceLimit != null) {
            limits.put(uuid, deviceLimit);
        }
    }

    /** The device limit the node was last sent for {@code uuid}; empty when none was sent. */
    public synchronized java.util.Optional<Integer> limitOf(String uuid) {
        return java.util.Optional.ofNullable(limits.get(uuid));
    }

    /** Scripts the key's devices on this node: {@code online} addresses in use and {@code blocked} kept out. */
    public synchronized void devicesOf(String uuid, int online, int blocked) {
        this.online.put(uuid, online);
        this.blocked.put(uuid, blocked);
    }

    @Override
    public synchronized DeviceCount devices(String uuid) {
        calls.add(new Call("devices", 0, uuid, 0));
        failIfDown();
        return count(uuid, 0);
    }

    @Override
    public synchronized DeviceCount resetDevices(String uuid) {
        calls.add(new Call("reset_devices", 0, uuid, 0));
        failIfDown();
        int lifted = blocked.getOrDefault(uuid, 0);
        blocked.put(uuid, 0);
        return count(uuid, lifted);
    }

    private DeviceCount count(String uuid, int lifted) {
        return new DeviceCount(
                limits.getOrDefault(uuid, 5),
                online.getOrDefault(uuid, 0),
                blocked.getOrDefault(uuid, 0),
                lifted,
                true,
                "enforced");
    }

    private void failIfDown() {
        if (down) {
            throw new ApiUnavailableError("scripted outage", null);
        }
        if (fault == Fault.REJECTS) {
            throw new ApiRejectedError(500, ErrorCode.INTERNAL, "scripted 500");
        }
    }

    /** The change is applied; a slow or garbled answer is lost on its way back, as a time-out or a bad body. */
    private void afterApplied() {
        if (fault == Fault.SLOW) {
            throw new ApiUnavailableError("scripted time-out after the change was applied", null);
        }
        if (fault == Fault.GARBAGE) {
            throw new InvalidResponseError("scripted garbage after the change was applied");
        }
    }
}
