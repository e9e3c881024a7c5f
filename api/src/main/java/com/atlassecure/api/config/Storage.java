package com.atlassecure.api.config;

import java.nio.file.Path;

/** Where the API keeps its own state: the SQLite user store and the replay floor live under {@code dataDir}. */
public record Storage(Path dataDir) {}
