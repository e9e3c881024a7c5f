package com.atlassecure.bot.archfixture.payments;

/** A feature's own table, for {@code BotArchitectureTest}: only its own package may use it. */
public final class FixtureRepository {
    public long revenue() {
        return 0;
    }
}
