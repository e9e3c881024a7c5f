-- The fleet's nodes as the bot sees them: their health from its polls, and what its last drift check found.
-- Credentials are not stored: they stay in the environment (<ENV>_XRAY_API_NODES).
CREATE TABLE nodes (
    name        TEXT    PRIMARY KEY,
    country     TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    health      TEXT    NOT NULL DEFAULT 'unknown',   -- unknown, up, down
    failures    INTEGER NOT NULL DEFAULT 0,           -- failed health polls in a row
    checked_at  INTEGER,
    changed_at  INTEGER,
    users       INTEGER,                              -- users with access on the node at the last drift check
    drift       INTEGER                               -- users the last drift check found wrong (0: in sync)
);
