package com.atlassecure.bot.nodes;

/**
 * One drift check of one node: what the bot wants it to hold, what it holds, and what the repair did. {@code
 * missing} and {@code stale} were sent back through the outbox; {@code extra} users were removed, unless there were
 * more than the repair dares remove at once ({@code removalsRefused}). A draining node is not compared: {@code
 * draining} is set, and {@code removed} counts the removal jobs written once its grace period ended.
 */
public record DriftReport(
        String node,
        long wanted,
        long held,
        boolean inSync,
        int missing,
        int stale,
        int extra,
        int removed,
        boolean removalsRefused,
        boolean draining) {

    static DriftReport inSync(String node, long count) {
        return new DriftReport(node, count, count, true, 0, 0, 0, 0, false, false);
    }

    static DriftReport draining(String node, int removalJobs) {
        return new DriftReport(node, 0, 0, false, 0, 0, 0, removalJobs, false, true);
    }
}
