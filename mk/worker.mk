# The example edge worker (worker/: a module worker over tokenward/edge),
# built from the packed npm package; end-to-end tests in real workerd,
# demo and benchmark.
.PHONY: worker test-worker worker-demo bench-worker

# pkg/ is rebuilt first only when a source it is built from is newer (a
# full `make pkg` takes minutes; `make demo` and `make test-worker` start here).
PKG_SOURCES := src crates/core/src crates/core/Cargo.toml Cargo.toml Cargo.lock wasm-pack.toml scripts/build-pkg.py

## Builds worker/dist/ from the packed package (npm pack pkg/, installed, bundled for workerd) and prints its size.
worker:
	@if [ ! -f pkg/package.json ] || [ -n "$$(find $(PKG_SOURCES) -newer pkg/package.json -type f -print -quit)" ]; then \
	  $(MAKE) --no-print-directory pkg; fi
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
	@command -v wrk >/dev/null || { echo "wrk is missing: make setup installs it" >&2; exit 1; }
	node worker/bench/bench.mjs
