package com.atlassecure.contract.users;

import com.atlassecure.contract.validation.Uuids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one definition of a fleet digest, used by the node that answers it and the bot that checks it: SHA-256 over
 * {@code uuid ":" expiry_ms "\n"} for each user with access, uuids in lowercase and in ascending order. Feed the pairs
 * in that order; a pair out of order is refused, since two sides that sorted differently would report drift forever.
 */
public final class ActiveUsersDigest {
    private final MessageDigest sha256;
    private final StringBuilder line = new StringBuilder(64);
    private String previous;
    private long count;

    public ActiveUsersDigest() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Adds the next user; {@code uuid} must sort after the one before it. */
    public ActiveUsersDigest add(String uuid, long expiryMs) {
        String key = Uuids.requireValid(uuid).toLowerCase(Locale.ROOT);
        if (previous != null && key.compareTo(previous) <= 0) {
            throw new IllegalArgumentException(
                    "digest input out of order: " + Uuids.shortForm(key) + " after " + Uuids.shortForm(previous));
        }
        previous = key;
        line.setLength(0);
        line.append(key).append(':').append(expiryMs).append('\n');
        sha256.update(line.toString().getBytes(StandardCharsets.US_ASCII));
        count++;
        return this;
    }

    /** The count and hex hash of everything added; the digest of nobody is the hash of no bytes. */
    public UserDigest finish() {
        return new UserDigest(count, HexFormat.of().formatHex(sha256.digest()));
    }
}
