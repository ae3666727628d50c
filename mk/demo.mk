# The browser-session demo: `make demo` (root Makefile) runs
# scripts/demo/run.sh: OpenID provider, API and SPA on loopback.

.PHONY: demo-cli test-session

## The former `make demo`: verifies a freshly signed sample token in Rust and
## prints its claims and lint report.
demo-cli: setup
	$(CARGO) run -q -p tokenward-core --example demo

## JS driver unit tests, then three browser tabs against the running demo
## (pkg first: one build per `make test`, shared with test-npm)
## (~3-4 minutes): refresh counts, invalid_grant, outage, revocation.
test-session: pkg
	tests/session/run.sh

TEST_TARGETS += test-session
