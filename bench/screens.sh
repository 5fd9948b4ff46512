#!/usr/bin/env bash
# Every wall screen: N live-feed clients (default 10,000), each watching one workshop of a 20-workshop prison
# and offering permessage-deflate as browsers do, while QoS 1 counter readings arrive at a steady rate (default
# 5,000/s from 400 stations). The driver (one JVM, 10,000 sockets) times publish-to-feed on the first
# MEASURE clients (default 500, 25 per workshop); every client reads every message it is sent. Before the
# clients connect, and with them connected once the measured window is over, it takes the service's live heap
# (a class histogram) and resident memory: the per-client figures are the difference over N. The service logs its
# GC pauses, and each 10 s interval of the run is printed beside the longest pause in it, so a slow interval can
# be told from a pause.
#
#   bash bench/screens.sh [clients] [rate] [seconds]      (defaults: 10000 5000 60; seconds a multiple of 10)
#   SERVICE_HEAP=1g by default here: 10,000 clients at about 13 KB of live heap each, and the garbage their
#   messages make, need more than 512 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-10000}
RATE=${2:-5000}
SECONDS_MEASURED=${3:-60}
MEASURE=${MEASURE:-500}
[ $((SECONDS_MEASURED % 10)) -eq 0 ] || { echo "seconds must be a multiple of 10 (the driver reports every 10 s)"; exit 2; }
export SERVICE_HEAP=${SERVICE_HEAP:-1g}
. bench/lib.sh
bench_init screens
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-} -Xlog:gc,safepoint:file=$WORK/gc.log:utctime" start_service
fig_bench --mode setup --workshops 20 --stations 20 > /dev/null
read -r HEAP0 RSS0 <<< "$(service_memory "$WORK/histogram.0")"
echo "no client: live heap $((HEAP0 / 1048576)) MiB, resident $((RSS0 / 1048576)) MiB"
fig_bench --mode latency --workshops 20 --stations 20 --rate "$RATE" --clients "$CLIENTS" --subscribe one \
  --deflate true --measure "$MEASURE" --warmup 20 --seconds "$SECONDS_MEASURED" --report 10 > "$WORK/driver.log" 2>&1 &
DRIVER=$!; BACKGROUND="$DRIVER"
# The memory with the clients connected is taken after the measured window, in the 10 s the driver waits before it
# closes them: a class histogram stops the service for a full GC (about 235 ms with 10,000 clients), which has no
# place inside the window being measured.
until grep -a -q "^interval: t=${SECONDS_MEASURED}s" "$WORK/driver.log" 2>/dev/null; do
  kill -0 "$DRIVER" 2>/dev/null || break
  sleep 1
done
echo "live_feed_clients at the end of the measured window: $(metric live_feed_clients)"
read -r HEAP1 RSS1 <<< "$(service_memory "$WORK/histogram.1")"
echo "$CLIENTS clients: live heap $((HEAP1 / 1048576)) MiB, resident $((RSS1 / 1048576)) MiB"
echo "per client: live heap $(( (HEAP1 - HEAP0) / CLIENTS )) bytes, resident $(( (RSS1 - RSS0) / CLIENTS / 1024 )) KiB"
echo "what the clients added to the heap, by class (bytes per client, instances per client):"
histogram_diff "$WORK/histogram.0" "$WORK/histogram.1" "$CLIENTS" 12
wait "$DRIVER"; DRIVER=
# (no `head` here: under pipefail its early exit would end the script before the stored count)
grep -a -E "^latency|^ingest|^feed:|^result|^whole|^coverage|^acknowledged" "$WORK/driver.log" || true
# each interval beside the service's longest pause (GC or other safepoint) that ended in it: the driver prints the
# wall-clock end of each interval, the GC log the wall-clock time of each pause
echo "each 10 s: publish-to-feed, and the service's longest pause in it"
# (mawk, as Debian has it: no gawk match arrays) a GC-log line starts "[2026-12-04T19:50:01.123+0000]"
awk 'function field(line, key,   at) { at = index(line, key); if (at == 0) return ""; return substr(line, at + length(key)) + 0 }
     FNR == NR { if (index($0, "Total: ") > 0) { n++; ps[n] = substr($0, 13, 2) * 3600 + substr($0, 16, 2) * 60 + substr($0, 19, 6)
                                                    pv[n] = field($0, "Total: ") / 1e6 }
                 next }
     /^interval:/ { end = field($0, "wall=") % 86400; m = 0
                    for (i = 1; i <= n; i++) if (ps[i] > end - 10 && ps[i] <= end && pv[i] > m) m = pv[i]
                    line = $0; sub(/ wall=[0-9]+/, "", line); printf "%s longest_pause_ms=%.0f\n", line, m }' "$WORK/gc.log" "$WORK/driver.log"

# PostgreSQL's checkpoints (its own log, kept under the data directory), to set beside slow intervals above
echo "PostgreSQL checkpoints:"
grep -h -E "checkpoint (starting|complete)" "$WORK"/data/postgres/log/*.log 2>/dev/null | cut -c1-220 || true
echo "feed clients closed by the service before the end: $(grep -a -c 'closed: 1008' "$WORK/driver.log" || true)"
ACKED=$(sed -n 's/^acknowledged: acked_total=\([0-9]*\).*/\1/p' "$WORK/driver.log")
STORED=$(psql_pg "SELECT count(*) FROM counter_readings WHERE prison = 'BEN'")
echo "acknowledged: $ACKED, stored: $STORED"
echo "live_feed_dropped_clients_total: $(metric live_feed_dropped_clients_total)"
grep -E "ERROR" "$WORK/service.log" | head -5 || true
