package com.atlassecure.bot.archfixture.provisioning;

import com.atlassecure.bot.archfixture.subscriptions.FixtureSubscriptions;

/** The other half of the deliberate cycle: the worker reading subscriptions back. */
public final class FixtureWorker {
    private FixtureSubscriptions last;

    public void provision(FixtureSubscriptions subscriptions) {
        last = subscriptions;
    }

    public FixtureSubscriptions last() {
        return last;
    }
}
