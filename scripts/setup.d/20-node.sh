#!/usr/bin/env bash
# Node dev tools (jose for the differential suite, ...). `npm ci` only when
# the lockfile changed since the last install.
set -euo pipefail
stamp=node_modules/.tokenward-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
