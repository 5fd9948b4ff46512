#!/usr/bin/env bash
# Every wall screen: N live-feed clients (default 10,000), each watching one workshop of a 20-workshop prison
# and offering permessage-deflate as browsers do, while QoS 1 counter readings arrive at a steady rate (default
# 5,000/s from 400 stations). The driver (one JVM, 10,000 sockets) times publish-to-feed on the first
# MEASURE clients (default 500, 25 per workshop); every client reads every message it is sent. Before the
# clients connect and with them connected, it forces a full GC in the service and samples heap used and
# resident memory: the per-client figures are the difference over N.
#
#   bash bench/screens.sh [clients] [rate] [seconds]      (defaults: 10000 5000 60)
#   SERVICE_HEAP=1g by default here: 10,000 clients at about 45 KiB of heap each need more than 512 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-10000}
RATE=${2:-5000}
SECONDS_MEASURED=${3:-60}
MEASURE=${MEASURE:-500}
export SERVICE_HEAP=${SERVICE_HEAP:-1g}
. bench/lib.sh
bench_init screens
start_service
fig_bench --mode setup --workshops 20 --stations 20 > /dev/null
read -r HEAP0 RSS0 <<< "$(service_memory)"
echo "no client: heap after GC $((HEAP0 / 1048576)) MiB, resident $((RSS0 / 1048576)) MiB"
fig_bench --mode latency --workshops 20 --stations 20 --rate "$RATE" --clients "$CLIENTS" --subscribe one \
  --deflate true --measure "$MEASURE" --warmup 20 --seconds "$SECONDS_MEASURED" --report 10 > "$WORK/driver.log" 2>&1 &
DRIVER=$!; BACKGROUND="$DRIVER"
# the clients connect one after another before the rate starts: sample once all are in and the rate runs
until [ "$(metric live_feed_clients)" -ge "$CLIENTS" ]; do sleep 2; done
sleep 30
read -r HEAP1 RSS1 <<< "$(service_memory)"
echo "$CLIENTS clients: heap after GC $((HEAP1 / 1048576)) MiB, resident $((RSS1 / 1048576)) MiB"
echo "per client: heap $(( (HEAP1 - HEAP0) / CLIENTS / 1024 )) KiB, resident $(( (RSS1 - RSS0) / CLIENTS / 1024 )) KiB"
wait "$DRIVER"; DRIVER=
# (no `head` here: under pipefail its early exit would end the script before the stored count)
grep -a -E "^interval|^latency|^ingest|^feed|^result|^coverage|^acknowledged" "$WORK/driver.log" || true
echo "feed clients closed by the service before the end: $(grep -a -c 'closed: 1008' "$WORK/driver.log" || true)"
ACKED=$(sed -n 's/^acknowledged: acked_total=\([0-9]*\).*/\1/p' "$WORK/driver.log")
STORED=$(psql_pg "SELECT count(*) FROM counter_readings WHERE prison = 'BEN'")
echo "acknowledged: $ACKED, stored: $STORED"
echo "live_feed_dropped_clients_total: $(metric live_feed_dropped_clients_total)"
grep -E "ERROR" "$WORK/service.log" | head -5 || true
