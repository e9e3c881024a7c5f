package com.atlassecure.bot.apiclient;

import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserDigest;
import com.atlassecure.contract.users.UserPage;
import java.util.List;

/**
 * What the bot asks a node when it checks and repairs the node's users against its own record (design principle 11):
 * the digest, pages in uuid order, and batches of changes. Every answer is validated before it is returned.
 */
public interface NodeSync {
    /** How many users have access on the node now, and the hash of their (uuid, expiry) pairs. */
    UserDigest digest();

    /** Up to {@code limit} users after {@code after} (null: from the first), in uuid order. */
    UserPage page(String after, int limit);

    /** Applies up to 1,000 changes in one commit; one outcome per item, at its index. */
    List<BatchOutcome> batch(List<UserBatchItem> items);
}
