-- Alerts and their lifecycle. identity is kind:workshop:subject: one condition, one alert.
CREATE TABLE alerts (
    id              uuid             PRIMARY KEY,
    prison          text             NOT NULL,
    workshop        text             NOT NULL,
    kind            text             NOT NULL,
    subject         text             NOT NULL,
    identity        text             NOT NULL,
    severity        text             NOT NULL,
    state           text             NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    value           double precision NOT NULL,
    threshold       double precision NOT NULL,
    text            text             NOT NULL,
    opened_at       timestamptz      NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text,
    ack_comment     text,
    resolved_at     timestamptz,
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop)
);
-- At most one active alert per condition, whichever instance or restart tries to open it again.
CREATE UNIQUE INDEX alerts_one_active ON alerts (identity) WHERE state <> 'RESOLVED';
-- A session's missed target is raised once, ever: acknowledging it must not let it open again.
CREATE UNIQUE INDEX alerts_missed_once ON alerts (identity) WHERE kind = 'TARGET_MISSED';
CREATE INDEX alerts_by_workshop ON alerts (prison, workshop, opened_at DESC);
CREATE INDEX alerts_by_opened ON alerts (opened_at DESC);

-- Every change of state, with who made it: the alert's history.
CREATE TABLE alert_events (
    id       bigserial   PRIMARY KEY,
    alert_id uuid        NOT NULL REFERENCES alerts (id),
    at       timestamptz NOT NULL,
    state    text        NOT NULL,
    by_whom  text,
    comment  text
);
CREATE INDEX alert_events_by_alert ON alert_events (alert_id, id);

-- Webhooks receive every alert event of a prison (workshop null) or of one workshop.
CREATE TABLE webhooks (
    id         text        PRIMARY KEY,
    prison     text        NOT NULL,
    workshop   text,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox: written in the same transaction as the alert event, so an event is never without its
-- deliveries; a sender claims due rows, posts them and records the outcome (at least once).
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,
    webhook_id      text        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    alert_id        uuid        NOT NULL REFERENCES alerts (id),
    event           text        NOT NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    last_error      text
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
