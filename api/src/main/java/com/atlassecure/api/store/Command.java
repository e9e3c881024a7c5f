package com.atlassecure.api.store;

/**
 * A user change, decided against committed state by whichever thread holds the store's turn. {@code decide} must
 * not have side effects: it may be called again in a later batch. It throws to refuse (e.g. a conflict); the caller
 * receives that exception.
 */
@FunctionalInterface
public interface Command<R> {
    Plan<R> decide(UserView view);
}
