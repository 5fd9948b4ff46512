-- Who changed what, when and from where. Kept apart from the things changed, so it survives them.
CREATE TABLE audit (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    user_name text        NOT NULL,
    role      text        NOT NULL,
    remote    text,
    action    text        NOT NULL,
    prison    text,
    target    text        NOT NULL
);
CREATE INDEX audit_by_prison ON audit (prison, id DESC);
