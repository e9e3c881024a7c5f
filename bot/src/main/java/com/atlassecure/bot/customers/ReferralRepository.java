package com.atlassecure.bot.customers;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Who brought whom ({@code /start ref_<id>}). The first referrer wins; nobody refers themselves. */
public final class ReferralRepository {

    public boolean record(Handle h, long referredId, long referrerId, Instant now) {
        if (referredId == referrerId) {
            return false;
        }
        return h.createUpdate("INSERT INTO referrals (referred_id, referrer_id, created_at) VALUES (:referred,"
                                + " :referrer, :now) ON CONFLICT (referred_id) DO NOTHING")
                        .bind("referred", referredId)
                        .bind("referrer", referrerId)
                        .bind("now", now.toEpochMilli())
                        .execute()
                == 1;
    }

    public Optional<Long> referrerOf(Handle h, long referredId) {
        return h.createQuery("SELECT referrer_id FROM referrals WHERE referred_id = :id")
                .bind("id", referredId)
                .mapTo(Long.class)
                .findOne();
    }

    public long countReferredBy(Handle h, long referrerId) {
        return h.createQuery("SELECT COUNT(*) FROM referrals WHERE referrer_id = :id")
                .bind("id", referrerId)
                .mapTo(Long.class)
                .one();
    }
}
