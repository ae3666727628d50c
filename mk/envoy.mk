# The Envoy proxy-wasm filter (crates/envoy): build, end-to-end tests in a
# real Envoy (from .venv, see scripts/setup.d/40-envoy.sh), demo, benchmark.
ENVOY_WASM := target/wasm32-wasip1/release/tokenward_envoy.wasm

.PHONY: envoy test-envoy envoy-demo bench-envoy bench-decide bench-envoy-flood

## The filter: release build for wasm32-wasip1.
envoy:
	$(CARGO) build -p tokenward-envoy --release --locked --target wasm32-wasip1
	@ls -l $(ENVOY_WASM)
	@# The sha256 to pin: Istio WasmPlugin `sha256`, Envoy vm_config.code.remote.sha256.
	@echo "$(ENVOY_WASM) sha256 $$(sha256sum $(ENVOY_WASM) | cut -d' ' -f1)"

## End to end through Envoy 1.40 with two worker threads.
test-envoy: envoy
	node --test --test-concurrency=1 tests/envoy/

## Envoy + filter in front of an echo upstream; see crates/envoy/README.md.
envoy-demo: setup envoy
	exec node scripts/envoy/demo.mjs

## tokenward vs jwt_authn in the same Envoy, wrk on loopback (not a test),
## beside a no-op wasm filter (the wasm floor). BENCH_SECONDS, BENCH_ROUNDS.
bench-envoy: setup envoy
	$(CARGO) build -q -p tokenward-envoy --release --locked --target wasm32-wasip1 --example noop
	@command -v wrk >/dev/null || { echo "wrk is missing: make setup installs it" >&2; exit 1; }
	node scripts/envoy/bench.mjs

## Gateway::decide in wasm under Node's V8: a cache hit and an uncached
## call, microseconds per call (a profile aid, not a test).
bench-decide: setup
	$(CARGO) build -q --release --locked -p tokenward-bench-wasm --bin decide --target wasm32-wasip1
	node --no-warnings scripts/envoy/decide-bench.mjs

## A flood of random unknown-kid tokens beside normal requests, Envoy
## --concurrency 2: latencies and Envoy's RSS (a measurement, not a test).
bench-envoy-flood: setup envoy
	@command -v wrk >/dev/null || { echo "wrk is missing: make setup installs it" >&2; exit 1; }
	node scripts/envoy/flood.mjs

TEST_TARGETS += test-envoy
