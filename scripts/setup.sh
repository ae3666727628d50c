#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: everything `make test` and
# `make demo` need. Each part lives in scripts/setup.d/NN-name.sh, runs in
# name order, checks before it installs, and is safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export TOKENWARD_ROOT=$PWD

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
export -f say

for part in scripts/setup.d/*.sh; do
  bash "$part"
done
say "ready"
