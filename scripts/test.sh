#!/usr/bin/env bash
# Runs every test: unit, integration (embedded PostgreSQL, the service's MQTT endpoint), broker mode, the
# check of every PromQL expression in grafana/ against a real Prometheus scraping the running service, and
# the web dashboard in a real headless Chromium.
# Broker-mode tests need Mosquitto, the PromQL check needs Prometheus and promtool; this installs Debian's
# packages when they are missing and we may.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# the browser tests drive Debian's Chromium through its chromedriver
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} for the tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # the packages' own services are not wanted: each test starts its own broker or server on a free port
    for s in mosquitto prometheus prometheus-node-exporter; do
      (systemctl disable --now "$s" 2>/dev/null || service "$s" stop 2>/dev/null || true) >/dev/null 2>&1
    done
  else
    echo "cannot install ${need[*]} here (not root, or no apt-get); the tests that need them will fail or skip as they say"
  fi
fi

exec mvn -B -ntp verify "$@"
