-- The units a station made over a range (a day's losses, their gauges, a session's rejects) are summed from
-- the unique index alone: it now carries each reading's deltas, so PostgreSQL need not visit every reading's row.
-- One workshop's day of 455,000 readings summed in 0.12 s instead of 1.0 s (docs/benchmarks.md), and the
-- wider index costs the write path nothing measurable.
DROP INDEX counter_readings_station_ts_seq;
CREATE UNIQUE INDEX counter_readings_station_ts_seq ON counter_readings (prison, workshop, station, ts, seq)
    INCLUDE (good_delta, reject_delta);

-- An index-only scan skips a row's page only when vacuum has marked the page all-visible. By default an
-- insert-only table is vacuumed after a fifth of its size is new, which in a month's partition leaves days of the
-- newest readings, the ones "today" asks for, unmarked. Each partition is vacuumed after every 20,000 new rows
-- instead: cheap, as vacuum reads only the pages not yet marked. This tunes every partition not yet tuned; the
-- retention job calls it again after making the coming months' partitions.
CREATE FUNCTION wm_tune_partitions() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    name  text;
    tuned integer := 0;
BEGIN
    FOR name IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relkind = 'p' AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
          AND NOT coalesce(c.reloptions @> ARRAY['autovacuum_vacuum_insert_threshold=20000'], false)
    LOOP
        EXECUTE format('ALTER TABLE %I SET (autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000)',
                       name);
        tuned := tuned + 1;
    END LOOP;
    RETURN tuned;
END $$;

SELECT wm_tune_partitions();
