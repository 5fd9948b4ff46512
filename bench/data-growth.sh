#!/usr/bin/env bash
# Data grows, speed holds: the service on an empty database, then the same service once PostgreSQL holds
# ten million readings (and their per-minute roll-up) spread over the last 30 days. Prints, for each: time from
# launch to ready, durable QoS 1 ingest rate (the load driver of bench/run.sh), and for the full database
# GET .../history over 30 days (p50, p95). The figures go to docs/benchmarks.md.
#
#   bash bench/data-growth.sh [readings] [ingest-seconds]      (defaults: 10000000 30)
set -euo pipefail
cd "$(dirname "$0")/.."
READINGS=${1:-10000000}
MEASURE=${2:-30}
CONNECTIONS=8; WINDOW=500; STATIONS=25
. bench/lib.sh
bench_init growth
sql() { psql_pg "$1"; }

ingest() {
  java -jar bench/target/load-driver.jar --uri "tcp://127.0.0.1:$MQTT" --connections $CONNECTIONS \
    --stations $STATIONS --window $WINDOW --warmup 10 --seconds "$MEASURE" --prison BEN --label "$1" | tee "$WORK/$1.result"
}

echo "== 1. empty database"
start_service
echo "start to ready (first start: creates the database): $START_MS ms"
stop_service
start_service
EMPTY_START=$START_MS
echo "start to ready (empty database): $EMPTY_START ms"
workshops 0 $((CONNECTIONS - 1)) bench-
fig_bench --mode setup --workshops 40 --stations 25 > /dev/null
ingest empty

echo "== 2. filling $READINGS readings over the last 30 days (40 workshops x 25 stations)"
NOW=$(date -u +%Y-%m-%dT%H:%M:00Z)
FILL0=$(date +%s)
sql "
  INSERT INTO counter_readings (id, prison, workshop, station, ts, seq, good, reject, good_delta, reject_delta, product,
                                outcome, received_at)
  SELECT gen_random_uuid(), 'BEN', 'w-' || (i % 40), 'st-' || ((i / 40) % 25),
         timestamptz '$NOW' - interval '30 days' + (i::double precision / $READINGS) * interval '30 days' - interval '1 minute',
         i, i, 0, 1, (i % 50 = 0)::int, 'GROWTH', 'COUNTED', now()
  FROM generate_series(0, $READINGS - 1) i;"
sql "
  INSERT INTO workshop_minutes (prison, workshop, minute, product, good, reject)
  SELECT prison, workshop, date_trunc('minute', ts), product, sum(good_delta), sum(reject_delta)
  FROM counter_readings WHERE product = 'GROWTH' GROUP BY 1, 2, 3, 4
  ON CONFLICT (prison, workshop, minute, product)
  DO UPDATE SET good = workshop_minutes.good + EXCLUDED.good, reject = workshop_minutes.reject + EXCLUDED.reject;"
sql "VACUUM ANALYZE counter_readings"; sql "VACUUM ANALYZE workshop_minutes"
echo "filled in $(( $(date +%s) - FILL0 )) s: readings $(sql "SELECT count(*) FROM counter_readings"), roll-up rows $(sql "SELECT count(*) FROM workshop_minutes"), partitions of counter_readings $(sql "SELECT count(*) FROM pg_inherits WHERE inhparent = 'counter_readings'::regclass"), size $(sql "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'counter_readings'::regclass")"
stop_service

echo "== 3. the same service on the full database"
start_service
FULL_START=$START_MS
echo "start to ready ($READINGS readings): $FULL_START ms (empty: $EMPTY_START ms; target <= 5000 ms)"
fig_bench --mode history --workshop BEN/w-1 --to "$NOW" --repeat 100
ingest full
E=$(sed -n 's/.*acked_per_second=\([0-9]*\).*/\1/p' "$WORK/empty.result")
F=$(sed -n 's/.*acked_per_second=\([0-9]*\).*/\1/p' "$WORK/full.result")
echo "ingest: empty $E/s, full $F/s ($(awk -v e="$E" -v f="$F" 'BEGIN {printf "%+.1f %%", (f - e) * 100 / e}'); target within 10 %)"
grep -E "ERROR" "$WORK/service.log" | head -5 || true
