package com.atlassecure.api.sessions;

import java.util.List;

/**
 * One pass of {@link SessionCloser#closeInactive}: how many users Xray listed as online, and the
 * outcome for each of them that was no longer active.
 */
public record SweepReport(int online, List<CloseOutcome> outcomes) {
    public SweepReport {
        outcomes = List.copyOf(outcomes);
    }

    public long leftOpen() {
        return outcomes.stream().filter(CloseOutcome::leftOpen).count();
    }
}
