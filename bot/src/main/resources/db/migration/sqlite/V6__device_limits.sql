-- Issue 20: how many devices a plan allows travels from the order to the customer's subscription, and from there
-- to every node with add-user and update-user. NULL means the plan names none: the node's DEVICE_LIMIT_DEFAULT.
ALTER TABLE orders ADD COLUMN device_limit INTEGER;
ALTER TABLE subscriptions ADD COLUMN device_limit INTEGER;
