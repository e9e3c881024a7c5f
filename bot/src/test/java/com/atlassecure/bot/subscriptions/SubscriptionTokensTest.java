package com.atlassecure.bot.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens are bearer secrets: enough randomness, no hex-only look, and strict about what could be one. */
class SubscriptionTokensTest {
    private final SubscriptionTokens tokens = new SubscriptionTokens();

    @Test
    void aTokenCarriesAtLeast128RandomBits() {
        double bits = SubscriptionTokens.LENGTH * Math.log(SubscriptionTokens.ALPHABET.length()) / Math.log(2);

        assertThat(bits).isGreaterThanOrEqualTo(128.0);
        assertThat(SubscriptionTokens.ALPHABET.chars().distinct().count())
                .isEqualTo(SubscriptionTokens.ALPHABET.length());
    }

    @Test
    void noTokenCanLookLikeAHash() {
        for (int i = 0; i < 1000; i++) {
            String token = tokens.newToken();
            assertThat(token).hasSize(SubscriptionTokens.LENGTH).doesNotContainPattern("[0-9a-fA-F]");
            assertThat(SubscriptionTokens.wellFormed(token)).isTrue();
        }
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(tokens.newToken())).isTrue();
        }
    }

    @Test
    void anythingThatCouldNotHaveBeenIssuedIsNotWellFormed() {
        String good = tokens.newToken();

        assertThat(SubscriptionTokens.wellFormed(good.substring(1))).isFalse();
        assertThat(SubscriptionTokens.wellFormed(good + "g")).isFalse();
        assertThat(SubscriptionTokens.wellFormed("a" + good.substring(1))).isFalse();
        assertThat(SubscriptionTokens.wellFormed("'" + good.substring(1))).isFalse();
        assertThat(SubscriptionTokens.wellFormed(null)).isFalse();
    }

    @Test
    void logsSeeOnlyEightCharacters() {
        String token = tokens.newToken();

        assertThat(SubscriptionTokens.shortForm(token)).hasSize(8).isEqualTo(token.substring(0, 8));
    }
}
