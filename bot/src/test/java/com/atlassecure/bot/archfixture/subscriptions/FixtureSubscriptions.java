package com.atlassecure.bot.archfixture.subscriptions;

import com.atlassecure.bot.archfixture.provisioning.FixtureWorker;

/** Half of a deliberate package cycle for {@code BotArchitectureTest}: subscriptions calling the worker. */
public final class FixtureSubscriptions {
    public void extend(FixtureWorker worker) {
        worker.provision(this);
    }
}
