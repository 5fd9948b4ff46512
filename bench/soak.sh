#!/usr/bin/env bash
# A long day: the service (as the README runs it, -Xmx512m, embedded PostgreSQL) takes QoS 1 counter readings
# at a steady rate from 400 stations in 20 workshops while 200 live-feed clients watch the prison and alerts
# fire (every workshop falls behind an out-of-reach session target, and a silent station in each goes DOWN after 5 minutes). Every minute it forces a full GC in the service and
# samples the heap that GC left (from its log), live threads, open file descriptors and TCP connections, and what
# PostgreSQL and the writer did that minute (commits, WAL fsyncs and their mean time, batch p99); the driver reports
# each minute's publish-to-feed and publish-to-PUBACK. At the end: acknowledged against stored, and the drift of heap,
# threads, descriptors and connections from minute 5 to the end.
#
#   bash bench/soak.sh [minutes] [rate] [clients]      (defaults: 30 5000 200)
#   PG_SET="wal_init_zero=off" bash bench/soak.sh …   with PostgreSQL settings a reload applies
#   MEASURE=20 bash bench/soak.sh …   only the first 20 clients decode and time messages; all of them read every
#                                      message (the driver's own decoding otherwise delays what it times)
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-30}
RATE=${2:-5000}
CLIENTS=${3:-200}
. bench/lib.sh
bench_init soak
# the heap after each forced full GC comes from the GC log: the heap-used metric, read a moment later, already
# holds that moment's garbage at 5,000 readings/s
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-} -Xlog:gc:file=$WORK/gc.log" start_service
# a target out of reach keeps TARGET_BEHIND open in every workshop; a silent station in each raises STATION_DOWN
fig_bench --mode setup --workshops 20 --stations 20 --target 10000000 --silent 1

# how long PostgreSQL's WAL fsyncs take, minute by minute: the commit wait is what grew in the first long runs
psql_pg "ALTER SYSTEM SET track_wal_io_timing = on" >/dev/null
# PG_SET="name=value …" tries PostgreSQL settings that a reload applies, without a new build
for setting in ${PG_SET:-}; do psql_pg "ALTER SYSTEM SET ${setting%%=*} = '${setting#*=}'" >/dev/null; done
[ -n "${PG_SET:-}" ] && echo "PostgreSQL settings tried: $PG_SET"
psql_pg "SELECT pg_reload_conf()" >/dev/null
echo "0 0 0" > "$WORK/wal.prev"
# commits, WAL fsyncs and their mean milliseconds since the previous sample (kept in a file: sample runs in a subshell)
wal() {
  local now
  now=$(psql_pg "SELECT (SELECT sum(xact_commit) FROM pg_stat_database)::bigint || ' ' || wal_sync || ' ' || round(wal_sync_time::numeric, 1) FROM pg_stat_wal")
  echo "$(cat "$WORK/wal.prev") $now" | awk '{ s = $5 - $2; printf "%d %d %.1f", $4 - $1, s, (s > 0 ? ($6 - $3) / s : 0) }'
  echo "$now" > "$WORK/wal.prev"
}
wal >/dev/null

# MiB of heap after the latest full GC the sample forced ("Pause Full (Diagnostic Command) 126M->22M(80M)")
heap_after_gc() {
  grep 'Pause Full (Diagnostic Command)' "$WORK/gc.log" | tail -1 |
    sed -E 's/.*->([0-9]+)([KMG])\(.*/\1 \2/' | awk '{print $2 == "K" ? int($1 / 1024) : $2 == "G" ? $1 * 1024 : $1}'
}

# the writer's batch send-to-commit p99 and max (Micrometer's last two minutes), and readings waiting for it now
writer() {
  curl -s --max-time 5 "http://127.0.0.1:$MGMT/metrics" | awk '
    /^ingest_batch_write_seconds\{quantile="0.99"/ {p = $NF * 1000}
    /^ingest_batch_write_seconds_max/ {m = $NF * 1000}
    /^ingest_pending_readings/ {q += $NF}
    END {printf "%d %d %d", p, m, q}'
}

# processes above 5 % of a core over one second (top's second frame: its first counts from each process's start)
busy() { top -b -n 2 -d 1 | awk '/^top -/ {f++} f == 2 && $1 ~ /^[0-9]+$/ && $9 > 5 {printf "%s:%s%% ", $12, $9}'; }

sample() {
  jcmd "$SVC" GC.run >/dev/null 2>&1 || true
  sleep 1
  echo "$1 $(heap_after_gc) $(metric jvm_threads_live_threads) $(ls /proc/$SVC/fd | wc -l) $(ss -tn state established "( sport = :$MQTT or sport = :$HTTP )" | tail -n +2 | wc -l) $(metric 'workshop_alerts_open{') $(psql_pg "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'") $(psql_pg "SELECT num_timed + num_requested FROM pg_stat_checkpointer") $(wal) $(writer) $(busy)"
}

fig_bench --mode latency --workshops 20 --stations 20 --silent 1 --rate "$RATE" --clients "$CLIENTS" --warmup 15 \
  --seconds $((MINUTES * 60)) --report 60 ${MEASURE:+--measure $MEASURE} > "$WORK/driver.log" 2>&1 &
DRIVER=$!
BACKGROUND="$DRIVER"
echo "minute heap_after_gc_mib threads fds tcp_connections alerts_open autovacuum_workers checkpoints commits wal_fsyncs fsync_mean_ms batch_p99_ms batch_max_ms pending busy_processes" | tee "$WORK/samples"
sleep 20
for m in $(seq 1 "$MINUTES"); do
  sleep 57
  # only while the load runs: a sample after it would show the clients gone, not a leak mended
  kill -0 "$DRIVER" 2>/dev/null || break
  sample "$m" | tee -a "$WORK/samples"
done
wait "$DRIVER"; DRIVER=
grep -E "^interval|^latency|^ingest|^acknowledged|^result|^coverage: readings never|closed" "$WORK/driver.log"
ACKED=$(sed -n 's/^acknowledged: acked_total=\([0-9]*\).*/\1/p' "$WORK/driver.log")
STORED=$(psql_pg "SELECT count(*) FROM counter_readings WHERE prison = 'BEN'")
echo "acknowledged: $ACKED, stored: $STORED"
[ "$STORED" -ge "$ACKED" ] || echo "FAIL: fewer stored than acknowledged"
awk 'NR > 1 && $1 >= 5 {
       if (!seen) { h0 = $2; t0 = $3; f0 = $4; c0 = $5; seen = 1 }
       h = $2; t = $3; f = $4; c = $5; if ($2 > hmax) hmax = $2; if ($2 < hmin || hmin == "") hmin = $2 }
     END { printf "minute 5 -> end: heap after GC %d -> %d MiB (min %d, max %d, %+.1f %%), threads %d -> %d, fds %d -> %d, tcp %d -> %d\n",
           h0, h, hmin, hmax, (h - h0) * 100 / h0, t0, t, f0, f, c0, c }' "$WORK/samples"
echo "open alerts at the end: $(metric 'workshop_alerts_open{')"
grep -E "ERROR" "$WORK/service.log" | head -5 || true
