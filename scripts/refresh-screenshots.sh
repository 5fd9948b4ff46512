#!/usr/bin/env bash
# Retakes the README's screenshots (docs/screenshots/) in headless Chromium: the demo's views from a real demo run,
# the working-day ones from WorkingDayBrowserIT's scenes, the reports' (and a PDF page) from ReportsBrowserIT. The normal
# test run writes them under target/screenshots/ and leaves the committed ones alone.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='DemoRunIT,WorkingDayBrowserIT,ReportsBrowserIT' \
  -Dtests.requireTools=true -Dscreenshots.dir=docs/screenshots "$@"
