package com.atlassecure.bot.provisioning;

import org.jdbi.v3.core.Handle;

/**
 * What the customer hears about one change, claimed once on the change's first job row whichever node answers: the
 * key message ({@code key_sent}) and the "on its way" notice ({@code customer_told}), each a compare-and-set so two
 * lanes, or two replicas, never both send it.
 */
final class ChangeClaims {
    private ChangeClaims() {}

    /**
     * Claims the one key message of a change: true for the first job of the change to succeed, false for every later
     * one (another node answered first).
     */
    static boolean claimKeySent(Handle h, long changeId) {
        return h.createUpdate("UPDATE outbox_jobs SET key_sent = 1 WHERE id = :change AND key_sent = 0")
                        .bind("change", changeId)
                        .execute()
                == 1;
    }

    /**
     * Claims the one "on its way" notice of a change: false once it was sent, or once a node answered and the key
     * went out. {@link #unclaimCustomerTold} gives it back when the message could not be sent.
     */
    static boolean claimCustomerTold(Handle h, long changeId) {
        return h.createUpdate("UPDATE outbox_jobs SET customer_told = 1 WHERE id = :change AND customer_told = 0 AND"
                                + " key_sent = 0")
                        .bind("change", changeId)
                        .execute()
                == 1;
    }

    static void unclaimCustomerTold(Handle h, long changeId) {
        h.createUpdate("UPDATE outbox_jobs SET customer_told = 0 WHERE id = :change")
                .bind("change", changeId)
                .execute();
    }
}
