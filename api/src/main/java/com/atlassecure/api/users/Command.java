package com.atlassecure.api.users;

/**
 * A user change, decided against committed state by whichever thread holds the ledger's turn. {@code decide} must
 * not have side effects: it may be called again in a later batch. It throws to refuse (e.g. a conflict); the caller
 * receives that exception.
 */
@FunctionalInterface
interface Command<R> {
    Plan<R> decide(BatchView view);
}
