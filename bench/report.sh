#!/usr/bin/env bash
# The monthly prison report for a 30-workshop prison with a month of readings: 30 workshops of 5 stations, two
# sessions each weekday, a counter reading per station per minute of every session of last month (about 1.2
# million readings and their per-minute roll-up), headcounts every 15 minutes, a lockdown, a product, costing,
# budget and contract (with a price change) per workshop. Prints the time to answer the report as JSON, CSV and
# PDF (p50, p95, max of 20 each, after 3 to warm up). Target: under 2 s. The figures go to docs/benchmarks.md.
#
#   bash bench/report.sh [workshops] [repeats]      (defaults: 30 20)
set -euo pipefail
cd "$(dirname "$0")/.."
WORKSHOPS=${1:-30}
REPEATS=${2:-20}
STATIONS=5
. bench/lib.sh
bench_init report
sql() { psql_pg "$1"; }
api() { curl -sf -o /dev/null -X "$1" "http://127.0.0.1:$HTTP/api/v1$2" -H "Authorization: Bearer $WM_TOKEN" \
  -H 'content-type: application/json' -d "$3"; }

start_service
MONTH=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
FIRST="$MONTH-01"
echo "== 1. $WORKSHOPS workshops of prison REP, costed and budgeted for $MONTH"
STATIONS_JSON=$(for s in $(seq 1 $STATIONS); do printf '{"id":"st-%d","name":"Station %d","idealCycleSeconds":20},' "$s" "$s"; done)
for w in $(seq 1 "$WORKSHOPS"); do
  api PUT "/workshops/REP/w-$w" '{"name":"Workshop '"$w"'","kind":"contract-packing","stations":['"${STATIONS_JSON%,}"'],
    "schedule":{"timezone":"Europe/London","sessions":[{"days":["MON","TUE","WED","THU","FRI"],"start":"08:30","end":"11:30"},
    {"days":["MON","TUE","WED","THU","FRI"],"start":"13:30","end":"16:30"}]},"target":{"unitsPerSession":4000,"tolerance":0.1},"qualityTarget":0.95}'
  api PUT "/prisons/REP/products/P-$w" '{"name":"Product '"$w"'","materialCost":"0.35","standardMinutes":"0.3","transferPrice":"0.90"}'
  api PUT "/workshops/REP/w-$w/costing" '{"instructorHoursPerSession":"3","instructorHourlyRate":"28.40","overheadPerPlannedHour":"20","allocatedPlaces":12}'
  api PUT "/workshops/REP/w-$w/budgets/$MONTH" '{"plannedGoodUnits":160000,"plannedCost":"80000","plannedValue":"150000"}'
  api PUT "/contracts/c-$w" '{"workshop":"REP/w-'"$w"'","customer":"Customer '"$w"'","product":"P-'"$w"'","quantity":500000,
    "start":"'"$FIRST"'","due":"'"$(date -u -d "$FIRST +60 days" +%F)"'","kind":"EXTERNAL",
    "prices":[{"from":"'"$FIRST"'","unitPrice":"1.00"},{"from":"'"$MONTH"'-15","unitPrice":"1.05"}]}'
done

echo "== 2. a month of readings"
FILL0=$(date +%s)
sql "
  CREATE TEMP TABLE minutes AS
  SELECT w, s, m
  FROM generate_series(1, $WORKSHOPS) w, generate_series(1, $STATIONS) s,
       generate_series(date '$FIRST', (date '$FIRST' + interval '1 month' - interval '1 day')::date, interval '1 day') d,
       LATERAL (SELECT ((d::date + t) AT TIME ZONE 'Europe/London') + i * interval '1 minute' AS m
                FROM (VALUES (time '08:30'), (time '13:30')) v(t), generate_series(0, 179) i) x
  WHERE extract(isodow FROM d) < 6;
  INSERT INTO counter_readings (id, prison, workshop, station, ts, seq, good, reject, good_delta, reject_delta, product,
                                outcome, received_at)
  SELECT gen_random_uuid(), 'REP', 'w-' || w, 'st-' || s, m, row_number() OVER (PARTITION BY w, s ORDER BY m),
         0, 0, 2 + (w + s) % 2, (extract(minute FROM m)::int % 20 = 0)::int, 'P-' || w, 'COUNTED', now()
  FROM minutes;
  INSERT INTO workshop_minutes (prison, workshop, minute, product, good, reject)
  SELECT prison, workshop, date_trunc('minute', ts), product, sum(good_delta), sum(reject_delta)
  FROM counter_readings WHERE prison = 'REP' GROUP BY 1, 2, 3, 4
  ON CONFLICT (prison, workshop, minute, product)
  DO UPDATE SET good = workshop_minutes.good + EXCLUDED.good, reject = workshop_minutes.reject + EXCLUDED.reject;
  INSERT INTO attendance_readings (id, prison, workshop, ts, present, received_at)
  SELECT gen_random_uuid(), 'REP', 'w-' || w, m, 9 + (extract(minute FROM m)::int / 15) % 3, now()
  FROM minutes WHERE s = 1 AND extract(minute FROM m)::int % 15 = 0;
  INSERT INTO closures (prison, workshop, starts_at, ends_at, reason)
  SELECT 'REP', 'w-' || w, (date '$MONTH-10' + time '13:30') AT TIME ZONE 'Europe/London',
         (date '$MONTH-10' + time '16:30') AT TIME ZONE 'Europe/London', 'LOCKDOWN'
  FROM generate_series(1, $WORKSHOPS) w;"
sql "VACUUM ANALYZE counter_readings"; sql "VACUUM ANALYZE workshop_minutes"; sql "VACUUM ANALYZE attendance_readings"
echo "filled in $(( $(date +%s) - FILL0 )) s: readings $(sql "SELECT count(*) FROM counter_readings WHERE prison = 'REP'"), roll-up rows $(sql "SELECT count(*) FROM workshop_minutes WHERE prison = 'REP'"), headcounts $(sql "SELECT count(*) FROM attendance_readings WHERE prison = 'REP'")"

echo "== 3. GET /api/v1/prisons/REP/reports/monthly?month=$MONTH"
for format in json csv pdf; do
  url="http://127.0.0.1:$HTTP/api/v1/prisons/REP/reports/monthly?month=$MONTH&format=$format"
  for _ in 1 2 3; do curl -sf -o /dev/null -H "Authorization: Bearer $WM_TOKEN" "$url"; done
  for _ in $(seq 1 "$REPEATS"); do
    curl -sf -o "$WORK/report.$format" -w '%{time_total}\n' -H "Authorization: Bearer $WM_TOKEN" "$url"
  done | sort -n > "$WORK/$format.times"
  awk -v f=$format -v n="$REPEATS" '{t[NR] = $1} END {printf "%s: p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d; ", f,
    t[int(n * 0.5 + 0.5)] * 1000, t[int(n * 0.95 + 0.5)] * 1000, t[n] * 1000, n}' "$WORK/$format.times"
  echo "$(stat -c %s "$WORK/report.$format") bytes"
done
echo "the report's prison row: $(grep '^Prison,' "$WORK/report.csv" | head -2 | tr '\n' ' ')"
echo "target: the monthly report of a 30-workshop prison in under 2 s"
