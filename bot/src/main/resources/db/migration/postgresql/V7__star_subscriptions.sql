-- Issue 19: a customer's monthly Telegram Stars subscription. charge_id is the telegram_payment_charge_id of its
-- first payment, which names it in editUserStarSubscription (NULL while a renewal arrived before the first payment); expires_at is Telegram's subscription_expiration_date
-- of the latest payment (epoch ms). state: active (renews), cancelled (by the customer or a refund: runs to
-- expires_at and stops). lapse_told_at marks that the customer was told a renewal did not come.
CREATE TABLE star_subscriptions (
    user_id        BIGINT PRIMARY KEY REFERENCES users (id),
    order_id       TEXT    NOT NULL,
    charge_id      TEXT    UNIQUE,
    state          TEXT    NOT NULL CHECK (state IN ('active', 'cancelled')),
    expires_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    lapse_told_at  BIGINT
);
