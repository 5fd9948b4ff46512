#!/usr/bin/env bash
# Cluster benchmark: a Kafka broker (KRaft, the tests' kafka_2.13 jars), one PostgreSQL (embedded binaries) and
# two service instances in cluster mode, all on this machine and sharing its cores with the load drivers.
#   1. durable QoS 1 ingest: the load driver publishes to both instances at once (half the connections each);
#      a PUBACK means Kafka has the reading; afterwards every acknowledged reading must be in PostgreSQL.
#   2. publish-to-live-feed latency: readings published to instance A, the live feed read from instance B, so
#      each reading crosses Kafka twice (readings topic to its owner, change topic to B).
#
#   bash bench/cluster.sh [measured-seconds] [connections] [window]
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURE=${1:-30}
CONNECTIONS=${2:-8}
WINDOW=${3:-500}
PG=15442

mvn -q -B -ntp package -DskipTests
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
(cd bench && mvn -q -B -ntp package)
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
WORK=$(mktemp -d /tmp/wm-cluster.XXXXXX)
echo "work dir: $WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -Xmx256m -cp "$CP" io.workshopmonitor.support.Standalone postgres "$WORK/pg" $PG > "$WORK/pg.log" 2>&1 & PIDS+=($!)
java -Xmx256m -cp "$CP" io.workshopmonitor.support.Standalone kafka "$WORK/kafka" > "$WORK/kafka-main.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 240); do [ -f "$WORK/pg/address" ] && [ -f "$WORK/kafka/address" ] && break; sleep 0.5; done
DB=$(cat "$WORK/pg/address"); KAFKA=$(cat "$WORK/kafka/address")
echo "PostgreSQL $DB, Kafka $KAFKA"

start_instance() { # id http mqtt mgmt
  WM_MQTT_ALLOW_ANONYMOUS=true WM_HTTP_RATE_LIMIT_PER_MINUTE=1000000 WM_MQTT_MAX_IN_FLIGHT=65535 \
  WM_DATA_DIR="$WORK/$1" WM_HTTP_PORT=$2 WM_MQTT_PORT=$3 WM_MANAGEMENT_PORT=$4 WM_LOG_LEVEL=WARN \
  WM_DATABASE_URL="$DB" WM_KAFKA_BOOTSTRAP_SERVERS="$KAFKA" WM_KAFKA_PARTITIONS=12 WM_CLUSTER_NAME=bench \
  WM_CLUSTER_INSTANCE_ID="$1" java -Xmx512m -jar target/workshop-monitor.jar > "$WORK/$1.log" 2>&1 & PIDS+=($!)
}
start_instance a 18081 11881 19401
start_instance b 18082 11882 19402
for m in 19401 19402; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$m/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$m/health/ready" >/dev/null || { tail -20 "$WORK"/a.log "$WORK"/b.log; exit 1; }
done
TOKEN=$(cat "$WORK/a/admin.token")
for c in $(seq 0 $((CONNECTIONS - 1))); do
  curl -sf -o /dev/null -X PUT "http://127.0.0.1:18081/api/v1/workshops/BEC/bench-$c" \
    -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d '{"name":"Bench '"$c"'","kind":"contract-packing","schedule":{"timezone":"Europe/London","sessions":[]}}'
done
sleep 5
curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:18081/api/v1/cluster; echo

echo "== 1. durable QoS 1 ingest, half the connections to each instance (PUBACK once Kafka has it)"
HALF=$((CONNECTIONS / 2))
java -jar bench/target/load-driver.jar --uri tcp://127.0.0.1:11881 --connections $HALF --stations 25 \
  --window "$WINDOW" --warmup 10 --seconds "$MEASURE" --prison BEC --label cluster-a > "$WORK/a.result" &
DA=$!
java -jar bench/target/load-driver.jar --uri tcp://127.0.0.1:11882 --connections $HALF --stations 25 \
  --window "$WINDOW" --warmup 10 --seconds "$MEASURE" --prison BEC --label cluster-b --offset $HALF > "$WORK/b.result" || true
wait $DA || true
cat "$WORK/a.result" "$WORK/b.result"
ACKED=$(( $(sed -n 's/.*acked_total=\([0-9]*\).*/\1/p' "$WORK/a.result") + $(sed -n 's/.*acked_total=\([0-9]*\).*/\1/p' "$WORK/b.result") ))
for _ in $(seq 1 120); do
  LAG=$(curl -s http://127.0.0.1:19401/metrics http://127.0.0.1:19402/metrics | awk '/^cluster_consumer_lag / {s += $NF} END {printf "%d", s}')
  [ "$LAG" = "0" ] && break; sleep 1
done
if command -v psql >/dev/null; then
  STORED=$(PGPASSWORD=postgres psql -h 127.0.0.1 -p $PG -U postgres -tAc "SELECT count(*) FROM counter_readings")
  echo "acknowledged: $ACKED, stored: $STORED"
  [ "$STORED" -ge "$ACKED" ] || { echo "FAIL: fewer stored than acknowledged"; exit 1; }
  echo "bytes per stored reading, with indexes: $(PGPASSWORD=postgres psql -h 127.0.0.1 -p $PG -U postgres -tAc \
    "SELECT pg_total_relation_size('counter_readings') / greatest(count(*), 1) FROM counter_readings")"
fi

echo "== 2. publish to instance a, live feed from instance b"
export WM_TOKEN=$TOKEN
bench() { java -Xmx1g -cp bench/target/load-driver.jar io.workshopmonitor.bench.FigureBench --http 18082 --mqtt 11881 "$@"; }
bench --mode setup --workshops 20 --stations 20 --http 18081
for rate in 2000 5000; do
  echo "-- $rate msg/s"
  bench --mode latency --workshops 20 --stations 20 --rate $rate --clients 1 --seconds "$MEASURE"
done
grep -E "WARN|ERROR" "$WORK"/a.log "$WORK"/b.log | head -10 || true
