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
# the README's "Try it" block runs as written (ReadmeIT): it calls curl, jq and mosquitto_pub
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# the browser tests drive Debian's Chromium through its chromedriver
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} for the tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # the services of the packages just installed are not wanted: each test starts its own broker or server on a
    # free port. Services that were here before are left alone.
    for s in "${need[@]}"; do
      case "$s" in
        mosquitto) units=(mosquitto) ;;
        prometheus) units=(prometheus prometheus-node-exporter) ;;
        *) units=() ;;
      esac
      for u in "${units[@]}"; do
        (systemctl disable --now "$u" 2>/dev/null || service "$u" stop 2>/dev/null || true) >/dev/null 2>&1
      done
    done
  else
    echo "cannot install ${need[*]} here (not root, or no apt-get); the tests that need them will fail or skip as they say"
  fi
fi

# Every test runs here, none skipped for a missing tool (tests.requireTools). The image profile builds
# target/jib-image.tar for its test; with no registry reachable here its base is the empty image, so the test checks
# what this project puts in (layers, entrypoint, ports, user), not the JRE a release build takes from the registry.
exec mvn -B -ntp verify -Pimage -Djib.from.image=scratch -Dtests.requireTools=true "$@"
