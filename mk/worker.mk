# The example edge worker (worker/: a module worker over tokenward/edge),
# built from the packed npm package; end-to-end tests in real workerd,
# demo and benchmark.
.PHONY: worker test-worker worker-demo bench-worker

## Builds worker/dist/ from the packed package (npm pack pkg/, installed, bundled for workerd) and prints its size.
worker: pkg
	node worker/build.mjs

## The example worker's end-to-end tests in real workerd on loopback (the
## shared edge cases, keys, transport, the wrangler upload, createGateway's
## API, CORS on refusals, the scheduled refresh, the Hono middleware).
test-worker: worker
	node --test tests/worker/*.test.mjs

TEST_TARGETS += test-worker

## workerd with the worker in front of an echo origin (see worker/demo.mjs).
worker-demo: setup worker
	node worker/demo.mjs

## wrk through workerd: the example worker vs the same worker using jose 6.
bench-worker: setup worker
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	node worker/bench/bench.mjs
