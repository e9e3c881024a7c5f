-- Issue 18: one subscription URL per customer.
-- client_configs: the per-app configs (sing-box, Clash/Mihomo, Xray) exactly as the node's API returned them beside
-- vless_link, as a JSON object; NULL from a node that predates them (its entry then only joins the base64 list).
ALTER TABLE node_keys ADD COLUMN client_configs TEXT;

-- The customer's current subscription token: a bearer secret (>= 128 random bits, no hex-only alphabet). A reset
-- replaces the row, so a revoked token is simply unknown: both answer the same bare 404.
CREATE TABLE sub_tokens (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    token      TEXT   NOT NULL UNIQUE,
    issued_at  INTEGER NOT NULL
);

-- Mini App initData already accepted (by its hash), so that a captured one is refused when replayed; rows older
-- than the freshness window are deleted, because such initData is refused as stale anyway.
CREATE TABLE webapp_seen (
    hash     TEXT   PRIMARY KEY,
    seen_at  INTEGER NOT NULL
);
