-- Money repairs (issue 16): refunds that must be completed, payments that did not match their order, and the
-- cursor of the reconciliation against Telegram's own record of Stars transactions.

-- Set before refundStarPayment is called: a refund requested and not yet marked refunded is repaired by a retry.
ALTER TABLE payments ADD COLUMN refund_requested_at BIGINT;
-- Why a payment did not match its order (currency, amount, payer, unknown or already paid); no access was granted.
ALTER TABLE payments ADD COLUMN problem TEXT;

-- One row: how many of Telegram's Stars transactions (in its chronological order) were already reconciled.
CREATE TABLE star_reconcile (
    id           BIGINT PRIMARY KEY,
    next_offset  BIGINT NOT NULL
);
