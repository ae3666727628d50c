#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: everything `make test` and
# `make demo` need. Safe to run again; each step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Rust targets: the no_std checks (wasm32, Cortex-M) and, later, the filter.
wanted_targets=(wasm32-unknown-unknown thumbv7em-none-eabi wasm32-wasip1)
installed_targets=$(rustup target list --installed)
for target in "${wanted_targets[@]}"; do
  if ! grep -qx "$target" <<<"$installed_targets"; then
    say "rustup target add $target"
    rustup target add "$target"
  fi
done
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done

# Node dev tools (jose for the differential suite). `npm ci` only when the
# lockfile changed since the last install.
if [ -f package-lock.json ]; then
  stamp=node_modules/.tokenward-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
fi
say "ready"
