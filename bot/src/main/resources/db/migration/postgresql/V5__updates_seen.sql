-- Telegram updates a bot replica has taken (issue 17: two replicas on one database handle every update once).
-- claimed_at is when a replica took it; done_at when its handler finished. A claim without done_at older than a
-- few minutes belongs to a replica that died, and the next delivery of that update may take it again.
CREATE TABLE updates_seen (
    update_id   BIGINT PRIMARY KEY,
    claimed_at  BIGINT NOT NULL,
    done_at     BIGINT
);
CREATE INDEX updates_seen_claimed ON updates_seen (claimed_at);
