#!/usr/bin/env bash
# The npm package's tools: wasm-pack, wasm-bindgen-cli (exactly the
# wasm-bindgen of Cargo.lock, or its output will not match the crate),
# Debian chromium + chromedriver for the browser tests. binaryen (wasm-opt),
# playwright-core, vite, typescript and workerd come from package.json
# (20-node.sh). Every step checks before it installs.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"

wasm_pack_version=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -qx "wasm-pack $wasm_pack_version"; then
  say "cargo install wasm-pack $wasm_pack_version"
  # A debug build compiles ~3x faster and runs fast enough.
  CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-pack --version "$wasm_pack_version" --locked --debug
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "cargo install wasm-bindgen-cli $bindgen_version"
  # Without --locked: its lockfile pins a crate version the registry lacks.
  CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-bindgen-cli --version "$bindgen_version" \
    --no-default-features --debug --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "apt-get install chromium chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
# The Envoy bootstrap example trusts the system CA bundle; its test runs it
# through `envoy --mode validate`, which reads the file.
if [ ! -f /etc/ssl/certs/ca-certificates.crt ]; then
  say "apt-get install ca-certificates"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ca-certificates
fi
