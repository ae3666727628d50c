# The browser-session demo: `make demo` (root Makefile) runs
# scripts/demo/run.sh: OpenID provider, API and SPA on loopback.

.PHONY: demo-cli test-session

## The former `make demo`: verifies a freshly signed sample token in Rust and
## prints its claims and lint report.
demo-cli: setup
	$(CARGO) run -q -p tokenward-core --example demo

## JS driver unit tests (refresh, tabs, sign-in messages; sign-in and refresh
## transport rules against loopback servers: redirects refused, bodies capped), then in Chromium
## against the running demo: sign-in with the package (full flow, replayed
## callback, foreign state, provider error, mismatching issuer, revocation
## on sign-out), then three tabs (pkg, filter and worker built first; one build per `make test`,
## shared with test-npm) (~5 minutes): refresh counts, invalid_grant,
## outage, revocation; then DPoP (TokenSession `dpop: true`, the DPoP client):
## bound tokens, one IndexedDB key for three tabs, nonce retries, the API,
## Envoy and the worker checking proofs, refreshes with rotation.
test-session: pkg envoy worker
	tests/session/run.sh

TEST_TARGETS += test-session
