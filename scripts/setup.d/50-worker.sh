#!/usr/bin/env bash
# The edge worker (worker/): its own npm dev tools (workerd, binaryen's
# wasm-opt, jose for the benchmark) in worker/node_modules. The wasm-bindgen
# CLI it needs comes from 30-wasm.sh.
set -euo pipefail
npm_ci_if_changed worker
