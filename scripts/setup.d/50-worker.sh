#!/usr/bin/env bash
# The edge worker (worker/): its own npm dev tools (workerd, binaryen's
# wasm-opt, jose for the benchmark) in worker/node_modules, and the
# wasm-bindgen CLI matching the wasm-bindgen pinned in Cargo.lock.
set -euo pipefail
stamp=worker/node_modules/.tokenward-lock
if [ ! -f "$stamp" ] || ! cmp -s worker/package-lock.json "$stamp"; then
  say "npm ci (worker/)"
  (cd worker && npm ci --no-audit --no-fund --loglevel=error)
  cp worker/package-lock.json "$stamp"
fi
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ -n "$want" ] && [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli $want"
  # Not --locked: its lockfile pins a crate version the registry lacks.
  CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-bindgen-cli --version "$want" \
    --no-default-features --debug
fi
