package com.atlassecure.api.users;

/**
 * Told after a user stopped being live (remove-user or the expiry sweep), so their open connections can be closed:
 * Xray's RemoveUserOperation leaves them open. Called after the change committed, off the request's critical path
 * only if the implementation makes it so; must not throw.
 */
@FunctionalInterface
public interface RemovalListener {
    RemovalListener NONE = email -> {};

    void removed(String email);
}
