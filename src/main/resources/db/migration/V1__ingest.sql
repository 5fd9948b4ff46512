-- Workshops and their stations, as configured over the API or registered by their first message.
CREATE TABLE workshops (
    prison      text        NOT NULL,
    workshop    text        NOT NULL,
    name        text        NOT NULL,
    kind        text        NOT NULL,
    -- schedule, target and qualityTarget, as the API took them
    config      jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, workshop)
);

CREATE TABLE stations (
    prison              text             NOT NULL,
    workshop            text             NOT NULL,
    station             text             NOT NULL,
    name                text,
    ideal_cycle_seconds double precision,
    auto_registered     boolean          NOT NULL,
    registered_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, workshop, station),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop) ON DELETE CASCADE
);

-- Every counter reading kept (duplicates excepted), with what it added. The id is assigned by the
-- service before the first write attempt (time-ordered, so inserts append to the index), so a retried
-- batch cannot store a reading twice.
CREATE TABLE counter_readings (
    id           uuid        PRIMARY KEY,
    prison       text        NOT NULL,
    workshop     text        NOT NULL,
    station      text        NOT NULL,
    ts           timestamptz NOT NULL,
    seq          bigint,
    good         bigint      NOT NULL,
    reject       bigint      NOT NULL,
    good_delta   bigint      NOT NULL,
    reject_delta bigint      NOT NULL,
    product      text,
    -- BASELINE, COUNTED, RESET or LATE
    outcome      text        NOT NULL,
    received_at  timestamptz NOT NULL
);
-- A QoS 1 redelivery carries the same seq and ts: the second copy is refused here even after a restart
-- (readings without seq never conflict, NULLs being distinct). The same index serves every read of a
-- station's readings by time, so a reading costs two index entries, not four.
CREATE UNIQUE INDEX counter_readings_station_ts_seq ON counter_readings (prison, workshop, station, ts, seq);

CREATE TABLE state_readings (
    id          uuid        PRIMARY KEY,
    prison      text        NOT NULL,
    workshop    text        NOT NULL,
    station     text        NOT NULL,
    ts          timestamptz NOT NULL,
    state       text        NOT NULL,
    reason      text,
    received_at timestamptz NOT NULL
);
CREATE INDEX state_readings_station_ts ON state_readings (prison, workshop, station, ts);

-- A headcount only: attendance never names a person.
CREATE TABLE attendance_readings (
    id          uuid        PRIMARY KEY,
    prison      text        NOT NULL,
    workshop    text        NOT NULL,
    ts          timestamptz NOT NULL,
    present     integer     NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX attendance_readings_workshop_ts ON attendance_readings (prison, workshop, ts);

-- Rejected messages, newest kept, trimmed to ingest.deadLetterLimit.
CREATE TABLE dead_letters (
    id          bigserial   PRIMARY KEY,
    received_at timestamptz NOT NULL,
    topic       text        NOT NULL,
    reason      text        NOT NULL,
    detail      text        NOT NULL,
    payload     text        NOT NULL
);
