#!/usr/bin/env bash
# Sustained durable-ingest benchmark: the service (embedded PostgreSQL, -Xmx512m) takes QoS 1 counter
# readings from the load driver in a separate process over loopback; then the same driver against a bare
# Mosquitto on the same machine, for reference. Prints the figures for docs/benchmarks.md.
#
#   bash bench/run.sh [measured-seconds] [connections] [window]
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURE=${1:-60}
CONNECTIONS=${2:-8}
WINDOW=${3:-500}
STATIONS=25
HTTP=18080; MQTT=11883; MGMT=19400; PG=15432; BROKER=11884

mvn -q -B -ntp package -DskipTests
(cd bench && mvn -q -B -ntp package)
WORK=$(mktemp -d /tmp/wm-bench.XXXXXX)
echo "work dir: $WORK"
cleanup() {
  [ -n "${SVC:-}" ] && kill "$SVC" 2>/dev/null && wait "$SVC" 2>/dev/null || true
  [ -n "${MOSQ:-}" ] && kill "$MOSQ" 2>/dev/null || true
  [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null || true
}
trap cleanup EXIT

# a lab: the load driver publishes anonymously, pipelines thousands of QoS 1 messages per connection and
# calls the API faster than a person would, so the protective limits are lifted for the measurement
WM_MQTT_ALLOW_ANONYMOUS=true WM_HTTP_RATE_LIMIT_PER_MINUTE=1000000 WM_MQTT_MAX_IN_FLIGHT=65535 WM_DATA_DIR="$WORK/data" WM_HTTP_PORT=$HTTP WM_MQTT_PORT=$MQTT WM_MANAGEMENT_PORT=$MGMT \
WM_DATABASE_EMBEDDED_PORT=$PG WM_LOG_LEVEL=WARN \
  java -Xmx512m -jar target/workshop-monitor.jar > "$WORK/service.log" 2>&1 &
SVC=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$MGMT/health/ready" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$MGMT/health/ready" >/dev/null || { cat "$WORK/service.log"; exit 1; }

TOKEN=$(cat "$WORK/data/admin.token")
for c in $(seq 0 $((CONNECTIONS - 1))); do
  curl -sf -o /dev/null -X PUT "http://127.0.0.1:$HTTP/api/v1/workshops/BEN/bench-$c" \
    -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d '{"name":"Bench '"$c"'","kind":"contract-packing","schedule":{"timezone":"Europe/London","sessions":[]}}'
done

# Heap in use, sampled from the service's own metrics every second; the maximum is reported.
echo 0 > "$WORK/heap.max"
( set +e; max=0
  while true; do
    used=$(curl -s "http://127.0.0.1:$MGMT/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {printf "%d", s}')
    if [ "${used:-0}" -gt "$max" ]; then max=$used; echo "$max" > "$WORK/heap.max"; fi
    sleep 1
  done ) &
SAMPLER=$!

echo "== service (durable QoS 1, embedded PostgreSQL, -Xmx512m)"
java -jar bench/target/load-driver.jar --uri "tcp://127.0.0.1:$MQTT" --connections "$CONNECTIONS" \
  --stations $STATIONS --window "$WINDOW" --warmup 10 --seconds "$MEASURE" --prison BEN --label service \
  | tee "$WORK/service.result"
kill "$SAMPLER"; SAMPLER=
echo "max heap used: $(( $(cat "$WORK/heap.max") / 1048576 )) MiB"

ACKED=$(sed -n 's/.*acked_total=\([0-9]*\).*/\1/p' "$WORK/service.result")
if command -v psql >/dev/null; then
  STORED=$(PGPASSWORD=postgres psql -h 127.0.0.1 -p $PG -U postgres -tAc "SELECT count(*) FROM counter_readings")
  echo "acknowledged: $ACKED, stored: $STORED"
  [ "$STORED" -ge "$ACKED" ] || { echo "FAIL: fewer stored than acknowledged"; exit 1; }
fi
grep -E "WARN|ERROR" "$WORK/service.log" | head -5 || true
kill "$SVC"; wait "$SVC" 2>/dev/null || true; SVC=

if command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ]; then
  printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 0\nmax_queued_messages 0\n' "$BROKER" > "$WORK/mosquitto.conf"
  "$(command -v mosquitto || echo /usr/sbin/mosquitto)" -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
  MOSQ=$!
  sleep 1
  echo "== bare Mosquitto (acknowledges on receipt, stores nothing)"
  java -jar bench/target/load-driver.jar --uri "tcp://127.0.0.1:$BROKER" --connections "$CONNECTIONS" \
    --stations $STATIONS --window "$WINDOW" --warmup 10 --seconds "$MEASURE" --prison BEN --label mosquitto
fi
