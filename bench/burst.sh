#!/usr/bin/env bash
# A burst past capacity: a steady 5,000 readings/s with a live-feed client (FigureBench, reporting its
# publish-to-feed p50/p99 every 10 s) runs for the whole test; after a minute, a burst driver adds as much as
# 16 more connections can push (each with 1,000 unacknowledged messages, the service's default in-flight
# limit) for two minutes, which is several times what the service can make durable. Heap is sampled every two
# seconds. Afterwards: acknowledged against stored, the heap's peak, and how long after the burst ended the
# steady client's p99 came back under its pre-burst level x 1.5.
#
#   bash bench/burst.sh [burst-seconds]      (default 120)
set -euo pipefail
cd "$(dirname "$0")/.."
BURST=${1:-120}
BEFORE=60; AFTER=90
. bench/lib.sh
bench_init burst
# the in-flight limit stays at its default (1,000): the burst meets the service's real push-back
start_service WM_MQTT_MAX_IN_FLIGHT=1000
fig_bench --mode setup --workshops 20 --stations 20
workshops 0 15 bench-

( set +e; max=0
  while true; do
    used=$(curl -s --max-time 2 "http://127.0.0.1:$MGMT/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {printf "%d", s}')
    if [ "${used:-0}" -gt "$max" ]; then max=$used; echo "$max" > "$WORK/heap.max"; fi
    sleep 2
  done ) &
SAMPLER=$!
BACKGROUND="$SAMPLER"

fig_bench --mode latency --workshops 20 --stations 20 --rate 5000 --clients 1 --warmup 15 \
  --seconds $((BEFORE + BURST + AFTER)) --report 10 > "$WORK/steady.log" 2>&1 &
STEADY=$!
BACKGROUND="$SAMPLER $STEADY"
sleep $((15 + BEFORE))
echo "== burst: 16 connections x 1,000 in flight for $BURST s"
java -jar bench/target/load-driver.jar --uri "tcp://127.0.0.1:$MQTT" --connections 16 --stations 25 --window 1000 \
  --warmup 0 --seconds "$BURST" --prison BEN --label burst | tee "$WORK/burst.result"
wait "$STEADY"; STEADY=
kill "$SAMPLER"; SAMPLER=
grep -E "^interval|^ingest|^acknowledged|^result|closed" "$WORK/steady.log"
ACKED=$(( $(sed -n 's/^acknowledged: acked_total=\([0-9]*\).*/\1/p' "$WORK/steady.log") + $(sed -n 's/.*acked_total=\([0-9]*\).*/\1/p' "$WORK/burst.result") ))
STORED=$(psql_pg "SELECT count(*) FROM counter_readings WHERE prison = 'BEN'")
echo "acknowledged: $ACKED, stored: $STORED"
[ "$STORED" -ge "$ACKED" ] || echo "FAIL: fewer stored than acknowledged"
echo "heap peak: $(( $(cat "$WORK/heap.max" 2>/dev/null || echo 0) / 1048576 )) MiB of 512 MiB"
echo "overload disconnects: $(metric ingest_overload_disconnects_total)"
awk -v before=$BEFORE -v burst=$BURST '/^interval/ {
       split($2, t, "="); sub("s", "", t[2]); split($5, p, "="); s = t[2] + 0; v = p[2] + 0
       if (s < before) { if (v > base) base = v }
       else if (s > before + burst && !back && v <= base * 1.5) { back = s - before - burst; }
     }
     END { printf "steady p99 before the burst (worst 10 s): %d ms; back under %d ms %s\n", base, base * 1.5,
           back ? "within " back " s of the burst ending (10 s resolution)" : "NOT within the run" }' "$WORK/steady.log"
grep -E "ERROR|OutOfMemory" "$WORK/service.log" | head -5 || true
