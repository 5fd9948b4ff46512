#!/usr/bin/env bash
# What each live-feed client costs the service: live heap (a class histogram's total) and resident memory, with no client and
# then with N clients connected, each watching one workshop and offering permessage-deflate as browsers do,
# while ingest runs at 500 readings/s. Per client = (with - without) / N.
#
#   bash bench/feed-memory.sh [clients]      (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-2000}
. bench/lib.sh
bench_init feedmem
start_service
fig_bench --mode setup --workshops 20 --stations 20 > /dev/null
read -r HEAP0 RSS0 <<< "$(service_memory "$WORK/histogram.0")"
echo "no client: live heap $((HEAP0 / 1048576)) MiB, resident $((RSS0 / 1048576)) MiB"
fig_bench --mode latency --workshops 20 --stations 20 --rate 500 --clients "$CLIENTS" --subscribe one --deflate true \
  --warmup 5 --seconds 40 > "$WORK/driver.log" 2>&1 &
DRIVER=$!; BACKGROUND="$DRIVER"
sleep 35
read -r HEAP1 RSS1 <<< "$(service_memory "$WORK/histogram.1")"
echo "$CLIENTS clients (permessage-deflate offered): live heap $((HEAP1 / 1048576)) MiB, resident $((RSS1 / 1048576)) MiB"
echo "per client: live heap $(( (HEAP1 - HEAP0) / CLIENTS )) bytes, resident $(( (RSS1 - RSS0) / CLIENTS / 1024 )) KiB"
echo "live_feed_clients: $(metric live_feed_clients)"
echo "what the clients added to the heap, by class (bytes per client, instances per client):"
histogram_diff "$WORK/histogram.0" "$WORK/histogram.1" "$CLIENTS"
wait "$DRIVER" || true
grep -E "^result|closed" "$WORK/driver.log" | head -5
