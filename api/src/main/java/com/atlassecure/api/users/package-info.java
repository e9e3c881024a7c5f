/**
 * The user operations and the loops that keep Xray and config.json equal to the store: add/update/remove, the
 * coalesced config render, first-start import, reconcile, restart detection and expiry sweep.
 */
package com.atlassecure.api.users;
