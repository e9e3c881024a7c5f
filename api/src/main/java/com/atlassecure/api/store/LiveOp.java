package com.atlassecure.api.store;

import com.atlassecure.api.xray.XrayUser;

/** The change a command makes to the running Xray, applied inside the same batch as its row writes. */
public sealed interface LiveOp {
    /** No live change (e.g. an expiry update of a user who stays live). */
    record None() implements LiveOp {}

    /** Make this exact user live (adding it, or replacing a live user of that email with another account). */
    record Add(XrayUser user) implements LiveOp {}

    /** Make the email absent live; {@code previous} is re-added if the batch cannot be committed. */
    record Remove(String email, XrayUser previous) implements LiveOp {}

    LiveOp NONE = new None();
}
