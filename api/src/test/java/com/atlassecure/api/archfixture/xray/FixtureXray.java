package com.atlassecure.api.archfixture.xray;

import com.atlassecure.api.archfixture.store.LeakyRows;

/** Deliberately bad, for {@code ApiArchitectureTest}: calls back into the store, closing a cycle with it. */
public final class FixtureXray {
    public String tag() {
        return "fixture";
    }

    String storeThroughMe() {
        return LeakyRows.commit(this);
    }
}
