-- The units a station made over a range (a day's losses, their gauges, a session's rejects) are summed from
-- the unique index alone: it now carries each reading's deltas, so PostgreSQL need not visit every reading's row.
-- One workshop's day of 455,000 readings summed in 0.12 s instead of 1.0 s (docs/benchmarks.md), and the
-- wider index costs the write path nothing measurable.
DROP INDEX counter_readings_station_ts_seq;
CREATE UNIQUE INDEX counter_readings_station_ts_seq ON counter_readings (prison, workshop, station, ts, seq)
    INCLUDE (good_delta, reject_delta);

-- An index-only scan skips a row's page only when vacuum has marked the page all-visible. By default an
-- insert-only table is vacuumed after a fifth of its size is new, which in a month's partition leaves days of the
-- newest readings, the ones "today" asks for, unmarked. Each monthly partition is vacuumed after every 20,000 new
-- rows instead: cheap, as vacuum reads only the pages not yet marked.
CREATE FUNCTION wm_tune_partition(name text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I SET (autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000)',
                   name);
END $$;

SELECT wm_tune_partition(c.relname)
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_class p ON p.oid = i.inhparent
WHERE p.relkind = 'p' AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace;

-- As in V10, and each partition it creates is tuned as above.
CREATE OR REPLACE FUNCTION wm_ensure_monthly_partitions(parent text, key text, from_month date, to_month date) RETURNS integer
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
            PERFORM wm_tune_partition(name);
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END $$;
