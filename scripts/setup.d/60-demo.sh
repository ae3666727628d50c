#!/usr/bin/env bash
# The browser-session demo and its test: www/node_modules (oidc-provider,
# playwright-core) come with the root's `npm ci` (20-node.sh: www is a
# workspace of the root package.json, locked in its package-lock.json).
# Debian chromium for playwright-core comes from 30-wasm.sh (never `npx
# playwright install`).
set -euo pipefail
[ -d www/node_modules/oidc-provider ] || [ -d node_modules/oidc-provider ] || {
  say "www's dependencies are missing: npm ci (.)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.tokenward-lock
}
