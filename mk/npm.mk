# The npm package: build, tests (in `make test`) and benchmark.
# Tools come from scripts/setup.d/30-wasm.sh and package.json.
.PHONY: pkg test-npm bench-js

## Builds pkg/ (full, browser, spa and slim, from wasm-pack.toml) and prints the size report.
pkg:
	scripts/build-pkg.py

# wasm-bindgen tests in Node and headless Chromium (one build, two hosts),
# then the packed package: differential fixture, remote key sets, every
# option applied or refused, the cached verifier against the uncached one,
# tokenward/spa's verdicts for its algorithms (node:crypto, WebCrypto,
# Chromium), keys and transport (cnf, private key members, https-only), DPoP
# proofs made with jose (every RFC 9449 refusal, node:crypto and WebCrypto), revocation
# (claim types, the revoked-before boundary), RemoteRevocationList (fails
# closed before its first list and past stale-if-error, failOpen, max-age
# and backoff by the core's machine, a mocked Date for hours), then the
# packaging matrix (~1 min): every `exports` entry through Node import and
# require(), esbuild, webpack, Rollup, Vite (dev and build), wrangler, in
# Node, one Chromium and one workerd, plus tsc per entry, each browser
# bundle shipping its entry's browser wasm and refusing the server-only
# features by name; last, the
# `tokenward` CLI run from the installed tarball. The wasm-bindgen
# browser run takes ~3 s; the runner gives the whole page 20 s by default,
# and a slow machine should not fail a correct build on that, hence 90.
test-npm: pkg
	wasm-pack test --mode no-install --node -- --locked --test wasm
	WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_TIMEOUT=90 wasm-pack test --mode no-install --headless --chrome -- --locked --test wasm
	node --test tests/npm/differential.mjs
	SPA_HOST=node node --test tests/npm/spa.mjs
	SPA_HOST=webcrypto node --test tests/npm/spa.mjs
	SPA_HOST=chromium node --test tests/npm/spa.mjs
	node --test tests/npm/remote.mjs
	node --test tests/npm/discovery.test.mjs
	node --test tests/npm/options.mjs
	node --test tests/npm/issuers.test.mjs
	node --test tests/npm/dpop.mjs tests/npm/certificates.mjs
	node --test tests/npm/cache-equivalence.mjs tests/npm/keys.mjs tests/npm/revocation.mjs \
		tests/npm/revocation-remote.mjs tests/npm/host-key-cache.test.mjs
	node --test tests/npm/packaging.mjs
	node --test tests/npm/cli.mjs

TEST_TARGETS += test-npm

## Verifies per CPU-second in Node: tokenward (verify, verifyAsync, cache hits, DPoP) vs jose, fast-jwt, node:crypto.
bench-js: setup pkg
	node tests/npm/bench.mjs
