package com.atlassecure.bot.archfixture.telegram;

/** A stand-in for a network feature, for {@code BotArchitectureTest} only: persistence must never reach it. */
public final class FixtureGateway {
    public void send(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty message");
        }
    }
}
