# Shared by the bench scripts (sourced, not run): the machine line, the build, a work directory, and the service
# started as the README runs it (-Xmx512m, embedded PostgreSQL) with the lab settings a load driver needs.
HTTP=18080; MQTT=11883; MGMT=19400; PG=15432

# bench_init <name>: prints the machine, builds the service and the drivers, makes $WORK, stops everything on exit
bench_init() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
  mvn -q -B -ntp package -DskipTests
  (cd bench && mvn -q -B -ntp package)
  WORK=$(mktemp -d "/tmp/wm-$1.XXXXXX")
  echo "work dir: $WORK"
  trap bench_cleanup EXIT
}

# background processes named in BACKGROUND are stopped too
bench_cleanup() {
  for p in ${BACKGROUND:-}; do kill "$p" 2>/dev/null || true; done
  [ -n "${SVC:-}" ] && kill "$SVC" 2>/dev/null && wait "$SVC" 2>/dev/null || true
}

# start_service [VAR=value ...]: (heap -Xmx512m as the README runs it, or SERVICE_HEAP; SERVICE_JAVA_OPTS adds JVM
# options, a flight recording for one) a lab (the driver publishes anonymously, pipelines thousands of QoS 1 messages
# and calls the API faster than a person would), so those limits are lifted unless overridden; sets SVC and
# START_MS (launch to a ready answer) and WM_TOKEN
start_service() {
  local t0
  t0=$(date +%s%N)
  env WM_MQTT_ALLOW_ANONYMOUS=true WM_HTTP_RATE_LIMIT_PER_MINUTE=1000000 WM_MQTT_MAX_IN_FLIGHT=65535 \
    WM_DATA_DIR="$WORK/data" WM_HTTP_PORT=$HTTP WM_MQTT_PORT=$MQTT WM_MANAGEMENT_PORT=$MGMT \
    WM_DATABASE_EMBEDDED_PORT=$PG WM_LOG_LEVEL=WARN "$@" \
    java -Xmx${SERVICE_HEAP:-512m} ${SERVICE_JAVA_OPTS:-} -jar target/workshop-monitor.jar >> "$WORK/service.log" 2>&1 &
  SVC=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$MGMT/health/ready" >/dev/null; then
      START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
      export WM_TOKEN=$(cat "$WORK/data/admin.token")
      return
    fi
    sleep 0.05
  done
  cat "$WORK/service.log"; exit 1
}

stop_service() { kill "$SVC"; wait "$SVC" 2>/dev/null || true; SVC=; }

# the live-figure driver (bench/src/.../FigureBench.java) against this service
fig_bench() { java -Xmx2g ${DRIVER_JAVA_OPTS:-} -cp bench/target/load-driver.jar io.workshopmonitor.bench.FigureBench --http $HTTP --mqtt $MQTT "$@"; }

# metric <prefix>: the sum of the service's samples whose line starts with it
metric() { curl -s --max-time 5 "http://127.0.0.1:$MGMT/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {printf "%d", s}'; }

# workshops <first> <last> <prefix>: configures BEN/<prefix><n> with no sessions, for the ingest driver
workshops() {
  for c in $(seq "$1" "$2"); do
    curl -sf -o /dev/null -X PUT "http://127.0.0.1:$HTTP/api/v1/workshops/BEN/$3$c" \
      -H "Authorization: Bearer $WM_TOKEN" -H 'content-type: application/json' \
      -d '{"name":"Bench '"$c"'","kind":"contract-packing","schedule":{"timezone":"Europe/London","sessions":[]}}'
  done
}

psql_pg() { PGPASSWORD=postgres psql -q -tA -h 127.0.0.1 -p $PG -U postgres -c "$1"; }

# service_memory [file]: live heap and resident memory of the running service (bytes). The live heap is the total of
# a class histogram, which collects first and counts what is still reachable at that moment; the heap gauge read
# after a forced GC (as this bench did before 2026-12-04) also counted the garbage made in the seconds between, at
# 2,000 screens about half of what it called "per client". The histogram is kept in file if given.
service_memory() {
  local hist=${1:-$WORK/histogram.last}
  jcmd "$SVC" GC.class_histogram > "$hist" 2>/dev/null || true
  echo "$(awk '/^Total/ {print $3}' "$hist") $(awk '/VmRSS/ {print $2 * 1024}' /proc/$SVC/status)"
}

# histogram_diff <before> <after> <n>: what n clients added to the heap, by class (bytes and instances per client)
histogram_diff() {
  awk -v n="$3" 'FNR == NR && $1 ~ /:$/ {b0[$4] = $3; i0[$4] = $2; next}
       $1 ~ /:$/ {d = $3 - b0[$4]; if (d > 0) printf "%10.0f %8.2f %s\n", d / n, ($2 - i0[$4]) / n, $4}' \
    "$1" "$2" | sort -rn | awk -v k="${4:-25}" 'NR <= k'
  # (awk, not head: head leaving early can kill sort with SIGPIPE, which under pipefail ends the calling bench)
}
