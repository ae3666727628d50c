#!/usr/bin/env bash
# The browser-session demo and its test: www/node_modules (oidc-provider,
# playwright-core; its own lockfile, apart from the workspace's) and Debian
# chromium for playwright-core (never `npx playwright install`). Every step
# checks before it installs.
set -euo pipefail

stamp=www/node_modules/.tokenward-lock
if [ ! -f "$stamp" ] || ! cmp -s www/package-lock.json "$stamp"; then
  say "npm ci (www: the demo's provider and test driver)"
  (cd www && npm ci --no-audit --no-fund --loglevel=error)
  cp www/package-lock.json "$stamp"
fi

if [ ! -x /usr/bin/chromium ]; then
  say "apt-get install chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
