#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: everything `make test` and
# `make demo` need. Each part lives in scripts/setup.d/NN-name.sh, runs in
# name order, checks before it installs, and is safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export TOKENWARD_ROOT=$PWD

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
# `npm ci` in DIR only when its lockfile changed since the last install there.
npm_ci_if_changed() {
  local dir=$1 stamp=$1/node_modules/.tokenward-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "npm ci ($dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
export -f say npm_ci_if_changed

for part in scripts/setup.d/*.sh; do
  bash "$part"
done
say "ready"
