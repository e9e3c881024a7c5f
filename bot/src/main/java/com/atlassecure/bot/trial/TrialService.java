package com.atlassecure.bot.trial;

import com.atlassecure.bot.customers.CustomerRepository;
import com.atlassecure.bot.provisioning.Provisioning;
import com.atlassecure.bot.storage.Database;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free trial: once per Telegram user, ever. Claiming the trial, extending the access and enqueueing add-user
 * happen in one transaction, so a trial is either fully granted or not at all.
 */
public final class TrialService {
    private static final Logger log = LoggerFactory.getLogger(TrialService.class);

    /** What happened when a customer asked for a trial. */
    public enum Outcome {
        STARTED,
        ALREADY_USED,
        DISABLED
    }

    private final Database db;
    private final CustomerRepository customers;
    private final Provisioning provisioning;
    private final int trialDays;
    private final Clock clock;

    public TrialService(
            Database db, CustomerRepository customers, Provisioning provisioning, int trialDays, Clock clock) {
        this.db = db;
        this.customers = customers;
        this.provisioning = provisioning;
        this.trialDays = trialDays;
        this.clock = clock;
    }

    public Outcome start(long userId) {
        if (trialDays <= 0) {
            return Outcome.DISABLED;
        }
        Outcome outcome = db.inTransaction(h -> {
            var now = clock.instant();
            customers.ensure(h, userId, now);
            if (!customers.claimTrial(h, userId, now)) {
                return Outcome.ALREADY_USED;
            }
            provisioning.extend(h, userId, trialDays, "key.pending", now);
            return Outcome.STARTED;
        });
        log.info("event=trial user={} outcome={}", userId, outcome);
        return outcome;
    }

    public int trialDays() {
        return trialDays;
    }
}
