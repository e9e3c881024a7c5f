/**
 * The user operations and the loops that keep Xray and config.json equal to the store: add/update/remove, the ledger
 * that owns each change's unit of work (decide, group commit, live apply, undo; {@link
 * com.atlassecure.api.users.UserLedger}, decision 0018), the coalesced config render, first-start import, reconcile,
 * restart detection and expiry sweep.
 */
package com.atlassecure.api.users;
