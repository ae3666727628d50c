#!/usr/bin/env bash
# wrk, the load generator of `make bench-envoy`, `bench-envoy-flood` and
# `bench-worker` (Debian's package; make targets install nothing).
set -euo pipefail
if ! command -v wrk >/dev/null; then
  say "apt-get install wrk"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
