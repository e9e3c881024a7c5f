package com.atlassecure.bot.support;

import com.atlassecure.bot.apiclient.ApiUnavailableError;
import com.atlassecure.bot.apiclient.ProvisionedKey;
import com.atlassecure.bot.apiclient.XrayApi;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link XrayApi} for unit tests of the outbox logic (STYLE: in-memory fakes for unit tests only).
 * It answers with a link built from a fixed test host, or fails while {@link #down} is set. Journeys against the
 * real API live in the e2e module.
 */
public final class ScriptedXrayApi implements XrayApi {
    /** One call as the worker made it. */
    public record Call(String op, long telegramId, String uuid, long expiryMs) {}

    private final List<Call> calls = new ArrayList<>();
    public volatile boolean down;

    public static String linkFor(String uuid) {
        return "v" + "less://" + uuid + "@vpn.test.invalid:4443?security=reality&flow=xtls-rprx-vision#Test";
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized ProvisionedKey addUser(long telegramId, String uuid, long expiryTimestampMs) {
        calls.add(new Call("add", telegramId, uuid, expiryTimestampMs));
        failIfDown();
        return new ProvisionedKey(uuid, linkFor(uuid), expiryTimestampMs);
    }

    @Override
    public synchronized ProvisionedKey updateUser(long telegramId, String uuid, long expiryTimestampMs) {
        calls.add(new Call("update", telegramId, uuid, expiryTimestampMs));
        failIfDown();
        return new ProvisionedKey(uuid, linkFor(uuid), expiryTimestampMs);
    }

    @Override
    public synchronized boolean removeUser(String uuid) {
        calls.add(new Call("remove", 0, uuid, 0));
        failIfDown();
        return true;
    }

    private void failIfDown() {
        if (down) {
            throw new ApiUnavailableError("scripted outage", null);
        }
    }
}
