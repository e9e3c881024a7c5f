package com.atlassecure.bot.web;

import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.Subscription;
import com.atlassecure.bot.subscriptions.SubscriptionRepository;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads what a token serves in one handle, from the database only: a fetch never waits on a node. */
final class FeedReader {
    private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

    private final Database db;
    private final SubscriptionTokens tokens;
    private final SubscriptionRepository subscriptions;
    private final ObjectMapper json = new ObjectMapper();

    FeedReader(Database db, SubscriptionTokens tokens, SubscriptionRepository subscriptions) {
        this.db = db;
        this.tokens = tokens;
        this.subscriptions = subscriptions;
    }

    /** The feed of {@code token}; empty when no customer holds it now (never issued, or replaced by a reset). */
    Optional<Feed> read(String token, Instant now) {
        return db.withHandle(h -> tokens.owner(h, token).map(userId -> load(h, token, userId, now)));
    }

    private Feed load(Handle h, String token, long userId, Instant now) {
        Optional<Subscription> sub = subscriptions.access(h, userId);
        if (sub.isEmpty()) {
            return new Feed(token, userId, null, null, List.of());
        }
        String uuid = sub.get().fleetUuid();
        if (!sub.get().activeAt(now)) {
            return new Feed(token, userId, uuid, sub.get().expiresAt(), List.of());
        }
        List<Feed.Entry> entries = subscriptions.servedKeys(h, userId, uuid).stream()
                .map(k -> new Feed.Entry(k.node(), k.vlessLink(), configs(k.clientConfigs())))
                .toList();
        return new Feed(token, userId, uuid, sub.get().expiresAt(), entries);
    }

    private JsonNode configs(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readTree(stored);
        } catch (IOException e) {
            // Stored only after validation, so this is a damaged row: serve the link alone rather than fail the fetch.
            log.error("event=client_configs_unreadable error={}", e.getClass().getSimpleName());
            return null;
        }
    }
}
