# OpenID Connect Back-Channel Logout to the revocation-list document, with
# real parts: oidc-provider (from www/node_modules, installed by setup) calls
# the packed package's `tokenward revocation serve`; an npm Verifier polling
# the document, and real Envoy (two workers, the filter built first) with
# the document as its `revocation` source, refuse the session's access
# token `revoked` within the bound of docs/revocation.md (measured and
# printed); so do two separate Envoy processes and the example worker in
# real workerd polling the same list (tests/logout/fleet.test.mjs, each
# edge measured); the receiver survives SIGKILL and a restart on its journal;
# forged, replayed, nonce-carrying and event-less logout tokens get 400 and
# change nothing; the journal drops a torn last line (~20 s).
.PHONY: test-logout

test-logout: pkg envoy worker
	node --test tests/logout/

TEST_TARGETS += test-logout
