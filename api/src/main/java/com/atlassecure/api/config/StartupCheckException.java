package com.atlassecure.api.config;

import java.util.List;

/** The Xray config contradicts the settings; carries every problem found, each naming the setting and both values. */
public final class StartupCheckException extends RuntimeException {
    private final List<String> problems;

    public StartupCheckException(List<String> problems) {
        super("refusing to start: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
