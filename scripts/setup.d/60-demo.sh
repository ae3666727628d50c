#!/usr/bin/env bash
# The browser-session demo and its test: www/node_modules (oidc-provider,
# playwright-core; its own lockfile, apart from the workspace's). Debian
# chromium for playwright-core comes from 30-wasm.sh (never `npx playwright
# install`).
set -euo pipefail
npm_ci_if_changed www
