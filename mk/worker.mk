# The edge worker (worker/): wasm build, end-to-end tests in real workerd,
# demo and benchmark.
.PHONY: worker test-worker worker-demo bench-worker

## Builds worker/dist/ (wasm + wasm-bindgen ES module glue) and prints its size.
worker:
	worker/build.sh

## The worker's end-to-end tests in real workerd on loopback.
test-worker: worker
	node --test worker/test/worker.test.mjs worker/test/keys.test.mjs worker/test/transport.test.mjs worker/test/deploy.test.mjs

TEST_TARGETS += test-worker

## workerd with the worker in front of an echo origin (see worker/demo.mjs).
worker-demo: setup worker
	node worker/demo.mjs

## wrk through workerd: tokenward worker vs the same worker using jose 6.
bench-worker: setup worker
	@command -v wrk >/dev/null || { echo "wrk is missing: make setup installs it" >&2; exit 1; }
	node worker/bench/bench.mjs
