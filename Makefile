# tokenward: `make demo` and `make test` set up everything they need.
# Each part of the project adds its targets in mk/*.mk and appends its test
# target to TEST_TARGETS (and its demo pieces to DEMO_TARGETS).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
TEST_TARGETS :=

.PHONY: setup test demo bench fuzz fmt lint check-nostd check-fuzz test-rust test-differential

setup:
	scripts/setup.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) clippy -p tokenward-core --all-targets --locked --features rustcrypto-signatures -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --locked -p tokenward-core
	# tokenward-core as crates.io would get it: packaged, then built from
	# the package alone (--allow-dirty: this checks the packaging, not git).
	$(CARGO) publish --dry-run --allow-dirty --locked -p tokenward-core

# The core must build without std for wasm and a microcontroller target, and
# must never pull getrandom (verification needs no randomness).
check-nostd:
	$(CARGO) build -p tokenward-core --no-default-features --locked --target wasm32-unknown-unknown
	$(CARGO) build -p tokenward-core --no-default-features --locked --target thumbv7em-none-eabi
	@if $(CARGO) tree -p tokenward-core -e normal --target all | grep -q getrandom; then \
	  echo "getrandom is in tokenward-core's dependency tree"; exit 1; fi

# The core twice: its own signature arithmetic (the default) and the
# RustCrypto fallback (`rustcrypto-signatures`), each against every vector.
test-rust:
	PROPTEST_RNG_SEED=1 $(CARGO) test --workspace --locked
	$(CARGO) test -p tokenward-core --locked --features rustcrypto-signatures

# jose's own verdicts on the shared fixture still match what the fixture records
# (the Rust half of the differential suite runs in test-rust).
test-differential:
	node tests/differential/check.mjs

# The fuzz crate is a workspace of its own (fuzz/Cargo.toml), so nothing
# else compiles it: its targets must still build against today's core.
# No fuzzing here (that is `make fuzz`); cargo-fuzz is not needed.
check-fuzz:
	$(CARGO) check --manifest-path fuzz/Cargo.toml --locked --bins --lib --target-dir target/fuzz

TEST_TARGETS += lint check-nostd test-rust test-differential check-fuzz

## The browser-session demo: OpenID provider, API and SPA on 127.0.0.1
## (Ctrl-C stops it), plus the API behind the Envoy filter and behind the
## edge worker, with DPoP on (`?dpop=0` in the SPA for bearer tokens). The
## Rust sample is `make demo-cli` (mk/demo.mk).
demo: setup envoy worker
	scripts/demo/run.sh

## Verifies/second, tokenward-core against a native reference, side by side.
bench: setup
	$(CARGO) run -q --release -p tokenward-bench

## Long fuzzing runs (not part of `make test`): FUZZ_SECONDS per target.
fuzz:
	scripts/fuzz.sh $${FUZZ_SECONDS:-600}

fmt:
	$(CARGO) fmt --all

include $(wildcard mk/*.mk)

## The whole suite, from a fresh clone on a fresh machine.
test: setup
	$(MAKE) --no-print-directory $(TEST_TARGETS)
	@echo "make test: all green"
