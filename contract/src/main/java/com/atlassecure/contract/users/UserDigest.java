package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer to {@code GET /users/digest}: how many users have access now, and {@link ActiveUsersDigest}'s SHA-256 of
 * their sorted (uuid, expiry) pairs. The bot computes the same over what it wants the node to hold; equal digests
 * mean no drift.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserDigest(long count, String sha256) {}
