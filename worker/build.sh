#!/usr/bin/env bash
# Builds the worker's wasm into worker/dist/: cargo (release, or debug with
# PROFILE=dev), wasm-bindgen --target web (an ES module whose initSync takes
# the WebAssembly.Module workerd imports), then npm binaryen's wasm-opt
# (never Debian's: wasm-opt 108 breaks wasm-bindgen output).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
dir=$([ "$profile" = dev ] && echo debug || echo release)
cargo build --locked --target wasm32-unknown-unknown --profile "$profile" -p tokenward-worker
wasm-bindgen --target web --no-typescript --out-dir worker/dist --out-name tokenward_worker \
  "target/wasm32-unknown-unknown/$dir/tokenward_worker.wasm"
if [ "$profile" != dev ]; then
  # -O3, not -Oz: the signature check is the whole cost of a miss, and the
  # size is far below the platform's 3 MB limit anyway.
  worker/node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    worker/dist/tokenward_worker_bg.wasm -o worker/dist/tokenward_worker_bg.wasm
fi
raw=$(stat -c %s worker/dist/tokenward_worker_bg.wasm)
gz=$(gzip -9c worker/dist/tokenward_worker_bg.wasm | wc -c)
echo "worker/dist/tokenward_worker_bg.wasm: $raw bytes, $gz gzipped (limit 3 MB compressed)"
if [ "$gz" -gt $((3 * 1024 * 1024)) ]; then echo "over the 3 MB limit" >&2; exit 1; fi
