#!/usr/bin/env bash
# The workspace's Node dev tools (jose for the differential suite; binaryen,
# playwright-core, typescript, workerd, and the bundlers of the packaging
# matrix: vite, esbuild, webpack, rollup with its resolve and asset plugins,
# wrangler), pinned in package.json. esbuild and workerd take their binaries
# from optional platform packages, so no install script has to run. The
# demo (www/) is a workspace: the same `npm ci` installs its dependencies.
set -euo pipefail
npm_ci_if_changed .
