-- Contract and webhook ids belong to their prison: two prisons may both have a contract c-1 or a webhook
-- duty-phone, and creating one never tells a manager that another prison uses the id.
ALTER TABLE contracts DROP CONSTRAINT contracts_pkey;
ALTER TABLE contracts ADD PRIMARY KEY (prison, id);

ALTER TABLE webhook_deliveries ADD COLUMN webhook_prison text;
UPDATE webhook_deliveries d SET webhook_prison = w.prison FROM webhooks w WHERE w.id = d.webhook_id;
ALTER TABLE webhook_deliveries ALTER COLUMN webhook_prison SET NOT NULL;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_webhook_id_fkey;
ALTER TABLE webhooks DROP CONSTRAINT webhooks_pkey;
ALTER TABLE webhooks ADD PRIMARY KEY (prison, id);
ALTER TABLE webhook_deliveries ADD FOREIGN KEY (webhook_prison, webhook_id) REFERENCES webhooks (prison, id) ON DELETE CASCADE;
