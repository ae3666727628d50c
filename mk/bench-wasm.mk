# Signature checks in wasm under Node's V8: tokenward-core's
# Jwk::verify against the RustCrypto crates called directly, side by side in
# one run, plus node:crypto's native verify for reference.
.PHONY: bench-wasm build-bench-wasm test-bench-wasm

build-bench-wasm:
	$(CARGO) build -q --release --locked -p tokenward-bench-wasm --target wasm32-wasip1

## Signature verify time in wasm (Node's V8): tokenward vs rsa/p256/p384/ed25519-dalek.
## BENCH_WASM_ARGS passes options (e.g. "--rounds 9 --round-ms 500 --only RS256,ES256").
bench-wasm: setup build-bench-wasm
	node crates/bench-wasm/run.mjs $(BENCH_WASM_ARGS)

# The harness, not the timing: one tiny round per case, and every verify on
# every side (valid ones accepted, altered ones refused) must agree.
test-bench-wasm: build-bench-wasm
	node crates/bench-wasm/run.mjs --rounds 1 --round-ms 1 > /dev/null

TEST_TARGETS += test-bench-wasm
