-- A fleet (decision 0023): each node's link is stored per (customer, node), exactly as that node's API returned it,
-- and the outbox holds one job per (customer, node), so one node's outage never holds up another's.

-- The UUID stays on the subscription (the same on every node); the link and the expiry a node confirmed move here.
CREATE TABLE node_keys (
    user_id                 BIGINT NOT NULL REFERENCES users (id),
    node                    TEXT    NOT NULL,
    uuid                    TEXT    NOT NULL,
    vless_link              TEXT    NOT NULL,
    provisioned_expires_at  BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    PRIMARY KEY (user_id, node)
);
CREATE INDEX node_keys_node ON node_keys (node);

-- Until now one API was the whole fleet, named "main" by the old settings; a fleet of one renamed node adopts these
-- rows at start (nodes.NodeRegistry).
INSERT INTO node_keys (user_id, node, uuid, vless_link, provisioned_expires_at, updated_at)
    SELECT user_id, 'main', uuid, vless_link, COALESCE(provisioned_expires_at, expires_at), updated_at
    FROM subscriptions WHERE uuid IS NOT NULL AND vless_link IS NOT NULL;
ALTER TABLE subscriptions DROP COLUMN vless_link;
ALTER TABLE subscriptions DROP COLUMN provisioned_expires_at;

-- node '' marks a job written before the fleet: at start it is fanned out to every node that should hold the
-- customer. change_id groups the jobs of one change (the id of its first job); that first row records, once for the
-- whole change, that the key was sent (key_sent) or the customer was told it is on its way (customer_told).
ALTER TABLE outbox_jobs ADD COLUMN node TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox_jobs ADD COLUMN change_id BIGINT;
ALTER TABLE outbox_jobs ADD COLUMN key_sent BIGINT NOT NULL DEFAULT 0;
CREATE INDEX outbox_jobs_node_due ON outbox_jobs (node, done_at, run_at);

-- enabled: takes every customer; draining: takes no new customer and loses its users after the grace period.
-- retired: no longer in the settings. drained_at is when /node drain was given.
ALTER TABLE nodes ADD COLUMN state TEXT NOT NULL DEFAULT 'enabled';
ALTER TABLE nodes ADD COLUMN drained_at BIGINT;
