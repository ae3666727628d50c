# DPoP checked against an independent implementation: oauth4webapi's
# resource-server validation (validateJwtAccessToken) and the packed
# package (tokenward/edge, Verifier verify and verifyAsync) on the same
# requests, tests/differential/dpop/cases.json; every verdict that differs
# is in divergences.mjs with its reason (docs/dpop.md). Regenerate the
# fixture with `node tests/differential/dpop/generate.mjs` after `make pkg`.
.PHONY: test-differential-dpop

test-differential-dpop: pkg
	node tests/differential/dpop/check.mjs

TEST_TARGETS += test-differential-dpop
