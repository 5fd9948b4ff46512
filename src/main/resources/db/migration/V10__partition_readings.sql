-- Readings and the per-minute roll-up partitioned by month of their time, so that queries over a range read
-- only its months however much history there is, and retention drops whole months instead of deleting rows.
-- Each table keeps a DEFAULT partition for the rare reading outside every month (a late one for a month
-- retention already dropped); the service's retention job creates the coming months' partitions ahead of time.
-- The unique keys gain the partition key, as PostgreSQL requires; a reading's id and its time travel together.

-- Creates the monthly partitions of parent (range on column key) that cover [from_month, to_month], each named
-- parent_yYYYYmMM, bounded at midnight UTC. Rows of such a month already in the DEFAULT partition (a reading
-- that came while its month had none) are moved into the new partition, which could not be created otherwise.
CREATE FUNCTION wm_ensure_monthly_partitions(parent text, key text, from_month date, to_month date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month   date := date_trunc('month', from_month)::date;
    created integer := 0;
    name    text;
    lo      timestamptz;
    hi      timestamptz;
    stray   boolean;
BEGIN
    WHILE month <= to_month LOOP
        name := format('%s_y%sm%s', parent, to_char(month, 'YYYY'), to_char(month, 'MM'));
        lo := month::timestamp AT TIME ZONE 'UTC';
        hi := (month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        IF to_regclass(name) IS NULL THEN
            stray := false;
            IF to_regclass(parent || '_default') IS NOT NULL THEN
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= %L AND %I < %L)',
                               parent || '_default', key, lo, key, hi) INTO stray;
            END IF;
            IF stray THEN
                EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
                EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                               parent || '_default', key, lo, key, hi, name);
                EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, name, lo, hi);
            ELSE
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent, lo, hi);
            END IF;
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END $$;

-- The months to create for a table being moved: those of its rows of the last two years (older ones, such as
-- a device's clock stuck in 1970, go to the DEFAULT partition rather than make hundreds of months), and the
-- next three.
CREATE FUNCTION wm_partition_existing(parent text, key text, oldest timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM wm_ensure_monthly_partitions(parent, key,
                                         (greatest(coalesce(oldest, now()), now() - interval '25 months') AT TIME ZONE 'UTC')::date,
                                         ((now() + interval '3 months') AT TIME ZONE 'UTC')::date);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
END $$;

ALTER TABLE counter_readings RENAME TO counter_readings_unpartitioned;
ALTER INDEX counter_readings_station_ts_seq RENAME TO counter_readings_unpartitioned_station_ts_seq;
ALTER TABLE counter_readings_unpartitioned RENAME CONSTRAINT counter_readings_pkey TO counter_readings_unpartitioned_pkey;
CREATE TABLE counter_readings (
    id           uuid        NOT NULL,
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
    outcome      text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
CREATE UNIQUE INDEX counter_readings_station_ts_seq ON counter_readings (prison, workshop, station, ts, seq);
SELECT wm_partition_existing('counter_readings', 'ts', (SELECT min(ts) FROM counter_readings_unpartitioned));
INSERT INTO counter_readings SELECT * FROM counter_readings_unpartitioned;
DROP TABLE counter_readings_unpartitioned;

ALTER TABLE state_readings RENAME TO state_readings_unpartitioned;
ALTER INDEX state_readings_station_ts RENAME TO state_readings_unpartitioned_station_ts;
ALTER TABLE state_readings_unpartitioned RENAME CONSTRAINT state_readings_pkey TO state_readings_unpartitioned_pkey;
CREATE TABLE state_readings (
    id          uuid        NOT NULL,
    prison      text        NOT NULL,
    workshop    text        NOT NULL,
    station     text        NOT NULL,
    ts          timestamptz NOT NULL,
    state       text        NOT NULL,
    reason      text,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX state_readings_station_ts ON state_readings (prison, workshop, station, ts);
SELECT wm_partition_existing('state_readings', 'ts', (SELECT min(ts) FROM state_readings_unpartitioned));
INSERT INTO state_readings SELECT * FROM state_readings_unpartitioned;
DROP TABLE state_readings_unpartitioned;

ALTER TABLE attendance_readings RENAME TO attendance_readings_unpartitioned;
ALTER INDEX attendance_readings_workshop_ts RENAME TO attendance_readings_unpartitioned_workshop_ts;
ALTER TABLE attendance_readings_unpartitioned RENAME CONSTRAINT attendance_readings_pkey TO attendance_readings_unpartitioned_pkey;
CREATE TABLE attendance_readings (
    id          uuid        NOT NULL,
    prison      text        NOT NULL,
    workshop    text        NOT NULL,
    ts          timestamptz NOT NULL,
    present     integer     NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX attendance_readings_workshop_ts ON attendance_readings (prison, workshop, ts);
SELECT wm_partition_existing('attendance_readings', 'ts', (SELECT min(ts) FROM attendance_readings_unpartitioned));
INSERT INTO attendance_readings SELECT * FROM attendance_readings_unpartitioned;
DROP TABLE attendance_readings_unpartitioned;

ALTER TABLE workshop_minutes RENAME TO workshop_minutes_unpartitioned;
ALTER TABLE workshop_minutes_unpartitioned RENAME CONSTRAINT workshop_minutes_pkey TO workshop_minutes_unpartitioned_pkey;
CREATE TABLE workshop_minutes (
    prison   text        NOT NULL,
    workshop text        NOT NULL,
    minute   timestamptz NOT NULL,
    product  text        NOT NULL,
    good     bigint      NOT NULL,
    reject   bigint      NOT NULL,
    PRIMARY KEY (prison, workshop, minute, product)
) PARTITION BY RANGE (minute);
SELECT wm_partition_existing('workshop_minutes', 'minute', (SELECT min(minute) FROM workshop_minutes_unpartitioned));
INSERT INTO workshop_minutes SELECT * FROM workshop_minutes_unpartitioned;
DROP TABLE workshop_minutes_unpartitioned;

DROP FUNCTION wm_partition_existing(text, text, timestamptz);
