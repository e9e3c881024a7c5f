package com.atlassecure.api.doctor;

/**
 * One check's outcome: a stable id (e.g. {@code config.flow}), the audit category it scores in, the verdict, and a
 * one-line reason that names the values involved (never a secret).
 */
public record CheckResult(String id, Category category, Status status, String reason) {

    public CheckResult {
        if (reason.contains("\n")) {
            throw new IllegalArgumentException("reason must be one line: " + reason);
        }
    }

    static CheckResult pass(String id, Category category, String reason) {
        return new CheckResult(id, category, Status.PASS, reason);
    }

    static CheckResult warn(String id, Category category, String reason) {
        return new CheckResult(id, category, Status.WARN, reason);
    }

    static CheckResult fail(String id, Category category, String reason) {
        return new CheckResult(id, category, Status.FAIL, reason);
    }

    /** PASS when {@code ok}, else FAIL, each with its own reason. */
    static CheckResult of(String id, Category category, boolean ok, String passReason, String failReason) {
        return ok ? pass(id, category, passReason) : fail(id, category, failReason);
    }
}
