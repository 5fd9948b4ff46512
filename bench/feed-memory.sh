#!/usr/bin/env bash
# What each live-feed client costs the service: heap after a full GC and resident memory, with no client and
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
read -r HEAP0 RSS0 <<< "$(service_memory)"
echo "no client: heap after GC $((HEAP0 / 1048576)) MiB, resident $((RSS0 / 1048576)) MiB"
fig_bench --mode latency --workshops 20 --stations 20 --rate 500 --clients "$CLIENTS" --subscribe one --deflate true \
  --warmup 5 --seconds 40 > "$WORK/driver.log" 2>&1 &
DRIVER=$!; BACKGROUND="$DRIVER"
sleep 35
read -r HEAP1 RSS1 <<< "$(service_memory)"
echo "$CLIENTS clients (permessage-deflate offered): heap after GC $((HEAP1 / 1048576)) MiB, resident $((RSS1 / 1048576)) MiB"
echo "per client: heap $(( (HEAP1 - HEAP0) / CLIENTS / 1024 )) KiB, resident $(( (RSS1 - RSS0) / CLIENTS / 1024 )) KiB"
echo "live_feed_clients: $(metric live_feed_clients)"
echo "largest classes on the heap with the clients connected:"
jcmd "$SVC" GC.class_histogram 2>/dev/null | sed -n '3,17p'
wait "$DRIVER" || true
grep -E "^result|closed" "$WORK/driver.log" | head -5
