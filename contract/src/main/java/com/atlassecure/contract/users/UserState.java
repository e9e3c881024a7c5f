package com.atlassecure.contract.users;

/** Lifecycle state of a user as the API reports it. */
public enum UserState {
    active,
    expired,
    removed
}
