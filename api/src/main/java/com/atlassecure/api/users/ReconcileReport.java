package com.atlassecure.api.users;

/** What one reconcile found: users added live, unknown live users removed, live users replaced (wrong id/flow). */
public record ReconcileReport(String reason, long atMs, int added, int removed, int replaced, String error) {
    public int drift() {
        return added + removed + replaced;
    }

    public boolean ok() {
        return error == null;
    }
}
