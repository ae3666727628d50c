#!/usr/bin/env bash
# The workspace's Node dev tools (jose for the differential suite; binaryen,
# playwright-core, vite, typescript, workerd for the npm package's tests).
set -euo pipefail
npm_ci_if_changed .
