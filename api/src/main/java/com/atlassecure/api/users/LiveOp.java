package com.atlassecure.api.users;

import com.atlassecure.api.xray.XrayUser;

/** The change a command makes to the running Xray, applied inside the same batch as its row writes. */
sealed interface LiveOp {
    /** No live change (e.g. an expiry update of a user who stays live). */
    record None() implements LiveOp {}

    /**
     * Make this exact user live (adding it, or replacing a live user of that email with another account).
     * {@code expectLive} says which call to try first: a lookup when the user should be live already (an update, a
     * replayed add), so the usual case costs one gRPC call instead of a refused add followed by a lookup.
     */
    record Add(XrayUser user, boolean expectLive) implements LiveOp {
        Add(XrayUser user) {
            this(user, false);
        }
    }

    /** Make the email absent live; {@code previous} is re-added if the batch cannot be committed. */
    record Remove(String email, XrayUser previous) implements LiveOp {}

    LiveOp NONE = new None();
}
