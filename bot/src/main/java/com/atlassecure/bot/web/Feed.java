package com.atlassecure.bot.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What one subscription URL serves: whose it is, until when, and each healthy node's key as that node's API returned
 * it. {@code expiresAt} is null for a customer who never had access. {@code uuid} is the fleet UUID (traffic is
 * counted under it).
 */
record Feed(String token, long userId, String uuid, Instant expiresAt, List<Entry> entries) {
    Feed {
        entries = List.copyOf(entries);
    }

    /** One node's key: its link and its client configs (null from a node that sent none). */
    record Entry(String node, String link, JsonNode configs) {
        @Override
        public String toString() {
            return "Entry[node=" + node + "]";
        }
    }

    boolean activeAt(Instant now) {
        return expiresAt != null && expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "Feed[user=" + userId + ", entries=" + entries.size() + "]";
    }
}
