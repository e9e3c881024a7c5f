package com.atlassecure.bot.web;

import com.atlassecure.bot.config.Plan;
import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.i18n.Language;
import com.atlassecure.bot.payments.PaymentService;
import com.atlassecure.bot.storage.Database;
import com.atlassecure.bot.subscriptions.SubscriptionTokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mini App's Renew: a Stars invoice link for the page's owner, given initData that Telegram signed for that very
 * customer, fresh, and never used before. Every refusal looks the same to the caller (a bare 401); the log says why.
 */
final class MiniAppRenewal {
    private static final Logger log = LoggerFactory.getLogger(MiniAppRenewal.class);

    private final Database db;
    private final SubscriptionTokens tokens;
    private final MiniAppAuth auth;
    private final MiniAppSeenRepository seen = new MiniAppSeenRepository();
    private final CustomerRepository customers;
    private final PaymentService purchases;
    private final Plan plan;

    MiniAppRenewal(
            Database db,
            SubscriptionTokens tokens,
            MiniAppAuth auth,
            CustomerRepository customers,
            PaymentService purchases,
            List<Plan> plans) {
        this.db = db;
        this.tokens = tokens;
        this.auth = auth;
        this.customers = customers;
        this.purchases = purchases;
        // The shortest one-off plan: a renewal from a page is the small, common step; longer plans are in the chat.
        this.plan = plans.stream().filter(p -> !p.recurring()).findFirst().orElse(null);
    }

    /** The invoice link, or empty for any refusal (unknown token, bad, stale, replayed or foreign initData). */
    Optional<String> invoiceLink(String token, String initData, Instant now) {
        MiniAppAuth.Verified verified;
        try {
            verified = auth.verify(initData, now);
        } catch (MiniAppAuth.Refused e) {
            log.warn(
                    "event=mini_app_refused reason=\"{}\" token={}",
                    e.getMessage(),
                    SubscriptionTokens.shortForm(token));
            return Optional.empty();
        }
        Optional<Long> owner = db.withHandle(h -> tokens.owner(h, token));
        if (owner.isEmpty() || owner.get() != verified.userId()) {
            log.warn(
                    "event=mini_app_refused reason=\"not the token's owner\" user={} token={}",
                    verified.userId(),
                    SubscriptionTokens.shortForm(token));
            return Optional.empty();
        }
        boolean first = db.inTransaction(h -> seen.firstUse(h, verified.hash(), now, now.minus(MiniAppAuth.MAX_AGE)));
        if (!first) {
            log.warn("event=mini_app_refused reason=replay user={}", verified.userId());
            return Optional.empty();
        }
        if (plan == null) {
            log.warn("event=mini_app_no_plan user={}", verified.userId());
            return Optional.empty();
        }
        Language language = db.withHandle(h -> customers.language(h, verified.userId()));
        return Optional.of(purchases.invoiceLink(verified.userId(), language, plan));
    }
}
