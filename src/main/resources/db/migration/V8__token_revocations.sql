-- People whose tokens were revoked: every token of user_name issued up to revoked_before is refused, on every
-- instance (each reloads this table every few seconds) and across restarts.
CREATE TABLE token_revocations (
    user_name      text        PRIMARY KEY,
    revoked_before timestamptz NOT NULL,
    revoked_by     text        NOT NULL
);
