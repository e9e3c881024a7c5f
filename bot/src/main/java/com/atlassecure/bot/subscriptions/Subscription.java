package com.atlassecure.bot.subscriptions;

import com.atlassecure.contract.validation.Uuids;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A customer's access. {@code requestedUuid} is chosen once, when the subscription is created, and sent on every
 * provisioning attempt to every node, so a retry can never create a second user. {@code uuid} is the UUID the nodes
 * answered, null until the first node did and again after the key was removed from every node. {@code keys} holds one
 * key per node that has one, ordered by node name. {@link #toString()} never shows a link.
 */
public record Subscription(long userId, String requestedUuid, String uuid, Instant expiresAt, List<NodeKey> keys) {

    public Subscription {
        keys = List.copyOf(keys);
    }

    public boolean hasKey() {
        return uuid != null && !keys.isEmpty();
    }

    /** The UUID every node holds or will hold: the answered one, else the requested one. */
    public String fleetUuid() {
        return uuid != null ? uuid : requestedUuid;
    }

    public boolean activeAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    public Optional<NodeKey> keyOn(String node) {
        return keys.stream().filter(k -> k.node().equals(node)).findFirst();
    }

    /** The first node's link (by name), or null: all there is in a fleet of one. */
    public String vlessLink() {
        return keys.isEmpty() ? null : keys.get(0).vlessLink();
    }

    /** The expiry the first node (by name) confirmed, or null. */
    public Instant provisionedExpiresAt() {
        return keys.isEmpty() ? null : keys.get(0).provisionedExpiresAt();
    }

    /** Whether every node holding a key already knows the current expiry. */
    public boolean inSync() {
        return hasKey() && keys.stream().allMatch(k -> expiresAt.equals(k.provisionedExpiresAt()));
    }

    @Override
    public String toString() {
        return "Subscription[userId=" + userId + ", uuid=" + Uuids.shortForm(fleetUuid()) + ", keys="
                + keys.stream().map(NodeKey::node).toList() + ", expiresAt=" + expiresAt + "]";
    }
}
