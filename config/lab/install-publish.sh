#!/usr/bin/env bash
# Packages the publish layer's integration tests need (InfluxDispatcherIT starts its own
# influxd on loopback ports with a temp config; no service is enabled or started here).
# Debian 12: influxdb 1.6.x provides /usr/bin/influxd.
set -euo pipefail
if ! command -v influxd >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends influxdb || { apt-get update && apt-get install -y --no-install-recommends influxdb; }
fi
influxd version
