package com.atlassecure.api.doctor;

/** The verdict of one check. A WARN earns half the credit of a PASS; any FAIL makes the doctor exit non-zero. */
public enum Status {
    PASS(1.0),
    WARN(0.5),
    FAIL(0.0);

    private final double credit;

    Status(double credit) {
        this.credit = credit;
    }

    double credit() {
        return credit;
    }
}
