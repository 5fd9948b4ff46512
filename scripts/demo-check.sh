#!/usr/bin/env bash
# Runs the demo for a while (default 10 minutes at 30x: the morning session, lunch and the curtailed
# afternoon) and checks that its log holds no ERROR and that every alert kind was raised.
# Usage: scripts/demo-check.sh [minutes] [speed]   (builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
speed=${2:-30}
[ -f target/workshop-monitor.jar ] || mvn -B -ntp -q package -DskipTests
run=$(mktemp -d /tmp/wm-demo-check.XXXXXX)
# its own copy, so a rebuild meanwhile cannot change the jar under the running demo
cp target/workshop-monitor.jar "$run/workshop-monitor.jar"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
http=$(port); mgmt=$(port); mqtt=$(port)
( cd "$run" && WM_DATA_DIR="$run/data" WM_HTTP_PORT=$http WM_MANAGEMENT_PORT=$mgmt WM_MQTT_PORT=$mqtt \
    exec java -Xmx512m -jar "$run/workshop-monitor.jar" --demo --demo-speed="$speed" >"$run/log.txt" 2>&1 ) &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
echo "demo running (pid $pid, dashboard http://localhost:$http/, log $run/log.txt) for $minutes minutes at ${speed}x"
sleep $((minutes * 60))
kinds=$(curl -fsS "http://localhost:$http/api/v1/alerts?limit=1000" | python3 -c '
import json, sys
alerts = json.load(sys.stdin)["alerts"]
print(" ".join(sorted({a["kind"] for a in alerts})))')
errors=$(grep -c " ERROR " "$run/log.txt" || true)
readings=$(curl -fsS "http://localhost:$mgmt/metrics" | awk '/^ingest_messages_total\{outcome="accepted"/ {s+=$2} END {printf "%d", s}')
echo "alert kinds raised: $kinds"
echo "readings accepted: $readings; ERROR lines in the log: $errors"
status=0
for kind in TARGET_BEHIND TARGET_MISSED QUALITY_LOW STATION_DOWN CONTRACT_AT_RISK; do
  case " $kinds " in *" $kind "*) ;; *) echo "MISSING: no $kind alert"; status=1 ;; esac
done
if [ "$errors" != 0 ]; then grep " ERROR " "$run/log.txt" | head -20; status=1; fi
[ $status = 0 ] && echo "demo check passed"
exit $status
