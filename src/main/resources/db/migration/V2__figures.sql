-- Unplanned closures: time that leaves a workshop's planned time. The reason is a code, never free text.
CREATE TABLE closures (
    id         bigserial   PRIMARY KEY,
    prison     text        NOT NULL,
    workshop   text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at),
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop) ON DELETE CASCADE
);
CREATE INDEX closures_workshop ON closures (prison, workshop, ends_at);

CREATE TABLE contracts (
    id         text        PRIMARY KEY,
    prison     text        NOT NULL,
    workshop   text        NOT NULL,
    customer   text        NOT NULL,
    product    text        NOT NULL,
    quantity   bigint      NOT NULL CHECK (quantity > 0),
    start_date date        NOT NULL,
    due_date   date        NOT NULL,
    completed  date,
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop)
);

-- Units added per workshop, minute (of device time) and product, kept in step with counter_readings by
-- the same statement that inserts them: history and contracts read this, never the raw readings.
CREATE TABLE workshop_minutes (
    prison   text        NOT NULL,
    workshop text        NOT NULL,
    minute   timestamptz NOT NULL,
    -- '' when the readings named no product
    product  text        NOT NULL,
    good     bigint      NOT NULL,
    reject   bigint      NOT NULL,
    PRIMARY KEY (prison, workshop, minute, product)
);
