#!/usr/bin/env bash
# Where a stored reading's time goes inside PostgreSQL: the service's own batch statement (taken from
# ReadingStore.java), run by PostgreSQL itself on 2,000 counter readings of 200 stations at a time, against the
# readings table with different indexes. Each shape is measured in turns, ROUNDS times, on a table that keeps
# growing, so a shape is never favoured by going first or by a smaller table. Per row is server time only: no
# network, no client, no array encoding.
#
#   bash bench/write-path.sh [rounds] [batches per measurement]      (defaults: 3 50)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
BATCHES=${2:-50}
. bench/lib.sh
bench_init writepath
start_service
workshops 0 7 bench-
psql_pg "INSERT INTO stations (prison, workshop, station, auto_registered)
         SELECT 'BEN', 'bench-' || (i % 8), 's' || i, true FROM generate_series(0, 199) i ON CONFLICT DO NOTHING"
# the statement as the service sends it
awk '/WRITE_BATCH = """/ {on = 1; next} on && /""";/ {exit} on' src/main/java/io/workshopmonitor/store/ReadingStore.java \
  > "$WORK/write_batch.sql"
# the station's number, for the integer-key shape: a stored generated column, so the same statement fills it
psql_pg "ALTER TABLE counter_readings ADD COLUMN sid integer GENERATED ALWAYS AS (substr(station, 2)::integer) STORED"
# a 64-bit hash of the station's three ids: a key the statement computes itself, needing no lookup
psql_pg "ALTER TABLE counter_readings ADD COLUMN skey bigint
         GENERATED ALWAYS AS (hashtextextended(prison || '/' || workshop || '/' || station, 0)) STORED"
PGPASSWORD=postgres psql -q -h 127.0.0.1 -p $PG -U postgres <<'SQL'
-- runs the statement on `batches` batches of 2,000 readings (ids time-ordered as the service makes them, 10 per
-- station per batch, each newer than the last) and answers the mean server time per row in microseconds
CREATE FUNCTION bench_write(stmt text, batches int, base bigint) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE
  t0 timestamptz; n int := 2000; b int; total interval := '0';
  ids uuid[]; ps text[]; ws text[]; ss text[]; tss timestamptz[]; seqs bigint[]; goods bigint[]; rejs bigint[];
  gd bigint[]; rd bigint[]; prods text[]; outs text[]; recv timestamptz[];
  e_text text[] := '{}'; e_uuid uuid[] := '{}'; e_ts timestamptz[] := '{}'; e_int int[] := '{}';
BEGIN
  FOR b IN 0..batches - 1 LOOP
    SELECT array_agg(lpad(to_hex((base + b) * n + i), 32, '0')::uuid), array_agg('BEN'::text),
           array_agg('bench-' || (i % 8)), array_agg('s' || (i % 200)),
           array_agg(date_trunc('day', now()) + ((base + b) * 10 + i / 200) * interval '1 ms'),
           array_agg((base + b) * 10 + i / 200), array_agg((base + b) * 10 + i / 200), array_agg(0::bigint),
           array_agg(1::bigint), array_agg(0::bigint), array_agg(null::text), array_agg('COUNTED'::text), array_agg(now())
      INTO ids, ps, ws, ss, tss, seqs, goods, rejs, gd, rd, prods, outs, recv
      FROM generate_series(0, n - 1) i;
    t0 := clock_timestamp();
    EXECUTE stmt USING ids, ps, ws, ss, tss, seqs, goods, rejs, gd, rd, prods, outs, recv,
      e_text, e_text, e_text, e_uuid, e_text, e_text, e_text, e_ts, e_text, e_text, e_ts,
      e_uuid, e_text, e_text, e_ts, e_int, e_ts, e_ts, e_text, e_text, e_text, e_text;
    total := total + (clock_timestamp() - t0);
  END LOOP;
  RETURN round(extract(epoch FROM total) * 1e6 / (batches * n), 1);
END $f$;
SQL

# shape name, then the indexes it has besides the primary key (id, ts)
SHAPES=(
  "before V13: unique (prison, workshop, station, ts, seq)|CREATE UNIQUE INDEX bench_ix ON counter_readings (prison, workshop, station, ts, seq)"
  "as today (V13), covering the deltas: unique (prison, workshop, station, ts, seq) INCLUDE (good_delta, reject_delta)|CREATE UNIQUE INDEX bench_ix ON counter_readings (prison, workshop, station, ts, seq) INCLUDE (good_delta, reject_delta)"
  "station index not unique: (prison, workshop, station, ts)|CREATE INDEX bench_ix ON counter_readings (prison, workshop, station, ts)"
  "integer station key: unique (sid, ts, seq)|CREATE UNIQUE INDEX bench_ix ON counter_readings (sid, ts, seq)"
  "hashed station key: unique (skey, ts, seq)|CREATE UNIQUE INDEX bench_ix ON counter_readings (skey, ts, seq)"
  "hashed station key, then the ids: unique (skey, ts, seq, prison, workshop, station)|CREATE UNIQUE INDEX bench_ix ON counter_readings (skey, ts, seq, prison, workshop, station)"
  "timestamp first: unique (ts, seq, prison, workshop, station)|CREATE UNIQUE INDEX bench_ix ON counter_readings (ts, seq, prison, workshop, station)"
  "primary key only|"
)
psql_pg "DROP INDEX counter_readings_station_ts_seq"
base=0
declare -A RESULT
for round in $(seq 1 "$ROUNDS"); do
  for shape in "${SHAPES[@]}"; do
    name=${shape%%|*}; ddl=${shape#*|}
    psql_pg "DROP INDEX IF EXISTS bench_ix"
    [ -n "$ddl" ] && psql_pg "$ddl"
    psql_pg "CHECKPOINT"
    us=$(PGPASSWORD=postgres psql -q -tA -h 127.0.0.1 -p $PG -U postgres -v stmt="$(cat "$WORK/write_batch.sql")" \
           <<< "SELECT bench_write(:'stmt', $BATCHES, $base)")
    base=$((base + BATCHES))
    RESULT[$name]="${RESULT[$name]:-} $us"
    echo "round $round, $name: $us µs per row"
  done
done
echo "rows in the table at the end: $(psql_pg "SELECT count(*) FROM counter_readings")"
echo "server time per row, µs (each round):"
for shape in "${SHAPES[@]}"; do name=${shape%%|*}; echo "  $name:${RESULT[$name]}"; done
