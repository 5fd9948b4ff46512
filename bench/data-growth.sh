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
HTTP=18080; MQTT=11883; MGMT=19400; PG=15432

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
mvn -q -B -ntp package -DskipTests
(cd bench && mvn -q -B -ntp package)
WORK=$(mktemp -d /tmp/wm-growth.XXXXXX)
echo "work dir: $WORK"
cleanup() { [ -n "${SVC:-}" ] && kill "$SVC" 2>/dev/null && wait "$SVC" 2>/dev/null || true; }
trap cleanup EXIT
sql() { PGPASSWORD=postgres psql -q -tA -h 127.0.0.1 -p $PG -U postgres -c "$1"; }

# launches the service and prints the milliseconds from launch to a ready answer
start_service() {
  local t0 t1
  t0=$(date +%s%N)
  WM_MQTT_ALLOW_ANONYMOUS=true WM_HTTP_RATE_LIMIT_PER_MINUTE=1000000 WM_MQTT_MAX_IN_FLIGHT=65535 \
  WM_DATA_DIR="$WORK/data" WM_HTTP_PORT=$HTTP WM_MQTT_PORT=$MQTT WM_MANAGEMENT_PORT=$MGMT \
  WM_DATABASE_EMBEDDED_PORT=$PG WM_LOG_LEVEL=WARN \
    java -Xmx512m -jar target/workshop-monitor.jar >> "$WORK/service.log" 2>&1 &
  SVC=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$MGMT/health/ready" >/dev/null; then
      t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); return
    fi
    sleep 0.05
  done
  cat "$WORK/service.log"; exit 1
}
stop_service() { kill "$SVC"; wait "$SVC" 2>/dev/null || true; SVC=; }
ingest() {
  java -jar bench/target/load-driver.jar --uri "tcp://127.0.0.1:$MQTT" --connections $CONNECTIONS \
    --stations $STATIONS --window $WINDOW --warmup 10 --seconds "$MEASURE" --prison BEN --label "$1" | tee "$WORK/$1.result"
}
bench() { java -cp bench/target/load-driver.jar io.workshopmonitor.bench.FigureBench --http $HTTP --mqtt $MQTT "$@"; }

echo "== 1. empty database"
echo "start to ready (first start: creates the database): $(start_service) ms"
stop_service
EMPTY_START=$(start_service)
echo "start to ready (empty database): $EMPTY_START ms"
export WM_TOKEN=$(cat "$WORK/data/admin.token")
for c in $(seq 0 $((CONNECTIONS - 1))); do
  curl -sf -o /dev/null -X PUT "http://127.0.0.1:$HTTP/api/v1/workshops/BEN/bench-$c" \
    -H "Authorization: Bearer $WM_TOKEN" -H 'content-type: application/json' \
    -d '{"name":"Bench '"$c"'","kind":"contract-packing","schedule":{"timezone":"Europe/London","sessions":[]}}'
done
bench --mode setup --workshops 40 --stations 25 > /dev/null
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
sql "VACUUM ANALYZE counter_readings; VACUUM ANALYZE workshop_minutes;"
echo "filled in $(( $(date +%s) - FILL0 )) s: readings $(sql "SELECT count(*) FROM counter_readings"), roll-up rows $(sql "SELECT count(*) FROM workshop_minutes"), partitions of counter_readings $(sql "SELECT count(*) FROM pg_inherits WHERE inhparent = 'counter_readings'::regclass"), size $(sql "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'counter_readings'::regclass")"
stop_service

echo "== 3. the same service on the full database"
FULL_START=$(start_service)
echo "start to ready ($READINGS readings): $FULL_START ms (empty: $EMPTY_START ms; target <= 5000 ms)"
bench --mode history --workshop BEN/w-1 --to "$NOW" --repeat 100
ingest full
E=$(sed -n 's/.*acked_per_second=\([0-9]*\).*/\1/p' "$WORK/empty.result")
F=$(sed -n 's/.*acked_per_second=\([0-9]*\).*/\1/p' "$WORK/full.result")
echo "ingest: empty $E/s, full $F/s ($(awk -v e="$E" -v f="$F" 'BEGIN {printf "%+.1f %%", (f - e) * 100 / e}'); target within 10 %)"
grep -E "ERROR" "$WORK/service.log" | head -5 || true
