package com.atlassecure.contract.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Answer to {@code GET /users?after=&limit=}: users in uuid order (lowercase), every state. {@code next_after} is the
 * last uuid of a full page, to pass as {@code after} for the next one, and null when this page is the last.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserPage(List<UserPageEntry> users, String nextAfter) {
    /** The most users one page holds; also the default. */
    public static final int MAX_LIMIT = 1000;

    public UserPage {
        users = List.copyOf(users);
    }
}
