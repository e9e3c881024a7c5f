/**
 * The users table: an embedded SQLite file, its WAL checkpointer, and the in-memory view of committed rows. A leaf:
 * it stores rows and knows nothing of Xray or of what a change means; the ledger in {@code api.users} decides and
 * commits (see docs/decisions/0003 and 0018).
 */
package com.atlassecure.api.store;
