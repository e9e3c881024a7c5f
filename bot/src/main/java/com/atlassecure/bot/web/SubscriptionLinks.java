package com.atlassecure.bot.web;

import com.atlassecure.bot.config.SubscriptionSettings;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A customer's subscription URL for the chat: issued on first need, and reset on request, which revokes the keys too
 * (design principle 13): one transaction replaces the token and gives the customer a new UUID, whose jobs then
 * remove the old UUID from every node (closing its sessions) and add the new one.
 */
public final class SubscriptionLinks {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionLinks.class);

    private final Database db;
    private final SubscriptionTokens tokens;
    private final Provisioning provisioning;
    private final SubscriptionSettings settings;
    private final Clock clock;

    public SubscriptionLinks(
            Database db,
            SubscriptionTokens tokens,
            Provisioning provisioning,
            SubscriptionSettings settings,
            Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.provisioning = provisioning;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the bot serves subscription URLs at all (SUBSCRIPTION_BASE_URL, or the webhook's origin). */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether "open my page" can be a Mini App button (Telegram opens only https pages that way). */
    public boolean miniApp() {
        return settings.miniAppPossible();
    }

    /** The customer's subscription URL, issuing their token now if needed; empty when the feature is off. */
    public Optional<String> urlFor(long userId) {
        if (!enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(settings.url(db.inTransaction(h -> tokens.tokenFor(h, userId, now))));
    }

    /** The page as a Mini App opens it: the same URL, marked so that it offers Renew. */
    public static String miniAppUrl(String subscriptionUrl) {
        return subscriptionUrl + "?app=1";
    }

    /**
     * A new token and a new key on every node; the old URL is unknown once this returns. Empty when the customer has
     * no subscription (nothing to revoke) or the feature is off.
     */
    public Optional<String> reset(long userId) {
        if (!enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<String> token = db.inTransaction(h -> {
            if (!provisioning.rotateKey(h, userId, now)) {
                return Optional.<String>empty();
            }
            return Optional.of(tokens.reissue(h, userId, now));
        });
        token.ifPresent(
                t -> log.info("event=subscription_reset user={} token={}", userId, SubscriptionTokens.shortForm(t)));
        return token.map(settings::url);
    }
}
