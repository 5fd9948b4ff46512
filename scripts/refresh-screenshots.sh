#!/usr/bin/env bash
# Retakes the README's screenshots (docs/screenshots/) from a real demo run in headless Chromium. The normal
# test run writes them under target/screenshots/ and leaves the committed ones alone.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DemoRunIT \
  -Dtests.requireTools=true -Dscreenshots.dir=docs/screenshots "$@"
