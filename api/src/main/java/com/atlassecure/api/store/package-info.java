/**
 * The API's source of truth for users: an embedded SQLite table, held in memory for reads, changed only through
 * the group-committing writer in {@link com.atlassecure.api.store.UserStore} (see docs/decisions/0003).
 */
package com.atlassecure.api.store;
