#!/usr/bin/env bash
# Runs every test: unit, integration (embedded PostgreSQL, the service's MQTT endpoint) and broker mode.
# Broker-mode tests need Mosquitto; this installs Debian's package when it is missing and we may.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing mosquitto for the broker-mode tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto >/dev/null
    # the package's own service is not wanted: each test starts its own broker on a free port
    (systemctl disable --now mosquitto 2>/dev/null || service mosquitto stop 2>/dev/null || true) >/dev/null 2>&1
  else
    echo "mosquitto is not installed and cannot be installed here: broker-mode tests against it will be skipped"
  fi
fi

exec mvn -B -ntp verify "$@"
