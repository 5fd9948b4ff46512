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
jcmd "$SVC" GC.class_histogram > "$WORK/histogram.0" 2>/dev/null
echo "no client: heap after GC $((HEAP0 / 1048576)) MiB, resident $((RSS0 / 1048576)) MiB"
fig_bench --mode latency --workshops 20 --stations 20 --rate 500 --clients "$CLIENTS" --subscribe one --deflate true \
  --warmup 5 --seconds 40 > "$WORK/driver.log" 2>&1 &
DRIVER=$!; BACKGROUND="$DRIVER"
sleep 35
read -r HEAP1 RSS1 <<< "$(service_memory)"
echo "$CLIENTS clients (permessage-deflate offered): heap after GC $((HEAP1 / 1048576)) MiB, resident $((RSS1 / 1048576)) MiB"
echo "per client: heap $(( (HEAP1 - HEAP0) / CLIENTS / 1024 )) KiB, resident $(( (RSS1 - RSS0) / CLIENTS / 1024 )) KiB"
echo "live_feed_clients: $(metric live_feed_clients)"
echo "what the clients added to the heap, by class (bytes per client, instances per client):"
jcmd "$SVC" GC.class_histogram > "$WORK/histogram.1" 2>/dev/null
awk -v n="$CLIENTS" 'FNR == NR && $1 ~ /:$/ {b0[$4] = $3; i0[$4] = $2; next}
     $1 ~ /:$/ {d = $3 - b0[$4]; if (d > 0) printf "%10.0f %8.2f %s\n", d / n, ($2 - i0[$4]) / n, $4}' \
  "$WORK/histogram.0" "$WORK/histogram.1" | sort -rn | head -25
wait "$DRIVER" || true
grep -E "^result|closed" "$WORK/driver.log" | head -5
