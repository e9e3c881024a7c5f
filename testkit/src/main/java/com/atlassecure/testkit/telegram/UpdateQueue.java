package com.atlassecure.testkit.telegram;

import static com.atlassecure.testkit.telegram.FakeBotApi.MAPPER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Updates waiting for {@code getUpdates}: numbered as they are queued, kept until a later {@code offset} confirms
 * them (as Telegram forgets them), handed out by long polling. Thread-safe.
 */
final class UpdateQueue {
    private final List<ObjectNode> pending = new ArrayList<>();
    private long nextId = 1;
    private boolean closed;

    /** Queues a copy of {@code update} under the next update_id and wakes a waiting poll; returns the id. */
    synchronized long push(ObjectNode update) {
        ObjectNode copy = update.deepCopy();
        long id = nextId++;
        copy.put("update_id", id);
        pending.add(copy);
        notifyAll();
        return id;
    }

    /** Drops what {@code offset} confirms, then waits up to {@code timeoutMs} for at least one update. */
    synchronized ArrayNode poll(long offset, int limit, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        pending.removeIf(u -> u.get("update_id").asLong() < offset);
        while (pending.isEmpty() && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        ArrayNode result = MAPPER.createArrayNode();
        for (ObjectNode update : pending) {
            if (result.size() >= limit) {
                break;
            }
            result.add(update);
        }
        return result;
    }

    synchronized int size() {
        return pending.size();
    }

    /** Ends every waiting poll now, so a bot under test can shut down. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
