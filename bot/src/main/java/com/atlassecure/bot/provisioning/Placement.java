package com.atlassecure.bot.provisioning;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Which nodes a customer's key belongs on (design principle 11: every customer with access on every enabled node).
 * The fleet's registry answers from its table; a fixed list serves a fleet that never changes, as in tests.
 */
public interface Placement {
    /** The nodes that take every customer with access, new ones included, in name order. */
    List<String> enabled(Handle h);

    /**
     * The nodes a change places new customers on: the enabled ones that are not down. A down node gets its customers
     * by backfill when it answers again. When every enabled node is down, all of them: the change's jobs then wait for
     * the first node to return, and the customer still gets the key from it.
     */
    default List<String> accepting(Handle h) {
        return enabled(h);
    }

    /**
     * Whether {@code node} keeps a customer with access who already has a key there: true for an enabled node, and
     * for a draining one until its grace period ends.
     */
    boolean keeps(Handle h, String node, Instant now);

    /** A fleet of these nodes, all enabled, always. */
    static Placement fixed(List<String> nodes) {
        List<String> sorted = nodes.stream().sorted().toList();
        return new Placement() {
            @Override
            public List<String> enabled(Handle h) {
                return sorted;
            }

            @Override
            public boolean keeps(Handle h, String node, Instant now) {
                return sorted.contains(node);
            }
        };
    }
}
