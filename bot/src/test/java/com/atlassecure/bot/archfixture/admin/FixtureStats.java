package com.atlassecure.bot.archfixture.admin;

import com.atlassecure.bot.archfixture.payments.FixtureRepository;

/** A deliberately bad admin screen for {@code BotArchitectureTest}: it reads another room's table directly. */
public final class FixtureStats {
    public long revenue() {
        return new FixtureRepository().revenue();
    }
}
