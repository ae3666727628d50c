#!/usr/bin/env bash
# The demo's dependencies: www/ is a workspace of the root package.json (one
# lockfile, package-lock.json), and the npm package in pkg/, rebuilt only
# when the Rust or JS sources are newer.
set -euo pipefail
cd "$(dirname "$0")/../.."

stamp=node_modules/.tokenward-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "demo: npm ci (the workspace, www included)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

newer=""
if [ -f pkg/node.js ] && [ -f pkg/package.json ]; then
  newer=$(find src crates/core/src crates/core/Cargo.toml Cargo.toml Cargo.lock wasm-pack.toml \
    -newer pkg/package.json -type f -print -quit)
else
  newer=missing
fi
if [ -n "$newer" ]; then
  echo "demo: building the npm package (pkg/)"
  # The npm part's `make pkg` when present; its build script otherwise.
  if make -n pkg >/dev/null 2>&1; then
    make --no-print-directory pkg
  else
    python3 scripts/build-pkg.py full
  fi
fi
