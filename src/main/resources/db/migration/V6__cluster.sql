-- Cluster mode: secrets every instance must share, such as the key that signs people's tokens, so a token issued
-- by one instance is accepted by all. The first instance to start writes it; the others read it.
CREATE TABLE cluster_secrets (
    name       text PRIMARY KEY,
    value      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
