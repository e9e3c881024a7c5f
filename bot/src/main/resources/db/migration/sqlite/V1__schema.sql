-- Atlas Secure bot schema (SQLite). Times are epoch milliseconds (UTC) in both dialects, so queries are shared.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,            -- Telegram user id
    language        TEXT    NOT NULL DEFAULT 'en',
    first_name      TEXT,
    username        TEXT,
    created_at      INTEGER NOT NULL,
    trial_used_at   INTEGER,                        -- set once, ever: one trial per Telegram user
    blocked_at      INTEGER                         -- the user blocked the bot; broadcasts skip them
);

-- One subscription per customer. requested_uuid is chosen once by the bot and never changes; uuid and
-- vless_link are exactly what the API returned (strip() is the only change), null until provisioned.
CREATE TABLE subscriptions (
    user_id                 INTEGER PRIMARY KEY REFERENCES users (id),
    requested_uuid          TEXT    NOT NULL UNIQUE,
    uuid                    TEXT    UNIQUE,
    vless_link              TEXT,
    expires_at              INTEGER NOT NULL,
    provisioned_expires_at  INTEGER,
    updated_at              INTEGER NOT NULL
);

CREATE TABLE orders (
    id              TEXT    PRIMARY KEY,            -- the invoice payload
    user_id         INTEGER NOT NULL REFERENCES users (id),
    plan_id         TEXT    NOT NULL,
    days            INTEGER NOT NULL,
    amount_stars    INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    paid_at         INTEGER
);

CREATE TABLE payments (
    id                          INTEGER PRIMARY KEY AUTOINCREMENT,
    telegram_payment_charge_id  TEXT    NOT NULL UNIQUE,   -- Telegram's id: the dedup key for money
    provider_payment_charge_id  TEXT,
    order_id                    TEXT    NOT NULL,                 -- the invoice payload as Telegram echoed it
    user_id                     INTEGER NOT NULL REFERENCES users (id),
    amount_stars                INTEGER NOT NULL,
    currency                    TEXT    NOT NULL,
    days                        INTEGER NOT NULL,
    paid_at                     INTEGER NOT NULL,
    refunded_at                 INTEGER
);
CREATE INDEX payments_paid_at ON payments (paid_at);

CREATE TABLE outbox_jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    kind            TEXT    NOT NULL,               -- PROVISION or REMOVE
    deliver_key     INTEGER NOT NULL DEFAULT 0,     -- send the key to the customer on success
    delay_notice    TEXT,                           -- message key sent once if the first attempt fails
    attempts        INTEGER NOT NULL DEFAULT 0,
    run_at          INTEGER NOT NULL,
    locked_until    INTEGER,
    last_error      TEXT,
    customer_told   INTEGER NOT NULL DEFAULT 0,
    admins_alerted  INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (done_at, run_at);

CREATE TABLE reminders_sent (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL,                   -- D3, D1, EXPIRED
    expires_at  INTEGER NOT NULL,                   -- the expiry it warned about; a renewal makes a new one
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, expires_at)
);

CREATE TABLE referrals (
    referred_id  INTEGER PRIMARY KEY REFERENCES users (id),
    referrer_id  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE broadcasts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    text            TEXT    NOT NULL,
    created_by      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    cursor_user_id  INTEGER NOT NULL DEFAULT 0,     -- last user handled: resuming starts after it
    sent            INTEGER NOT NULL DEFAULT 0,
    blocked         INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    finished_at     INTEGER
);
