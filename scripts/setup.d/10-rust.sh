#!/usr/bin/env bash
# Rust targets: the no_std checks (wasm32, Cortex-M) and the proxy-wasm filter.
set -euo pipefail
wanted_targets=(wasm32-unknown-unknown thumbv7em-none-eabi wasm32-wasip1)
installed_targets=$(rustup target list --installed)
for target in "${wanted_targets[@]}"; do
  if ! grep -qx "$target" <<<"$installed_targets"; then
    say "rustup target add $target"
    rustup target add "$target"
  fi
done
installed_components=$(rustup component list --installed)
for component in clippy rustfmt; do
  if ! grep -q "^$component" <<<"$installed_components"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done
