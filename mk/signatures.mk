# The signature differential: tokenward-core's verdict against
# ring's on valid and corrupted RS*/PS*/ES*/EdDSA signatures, through the
# public JWK API (crates/conformance/src/differential, binary
# signature-differential).
SIGNATURE_DIFFERENTIAL := $(CARGO) run -q --release --locked -p tokenward-conformance --bin signature-differential --

.PHONY: test-signatures soak-signatures

## The make-test slice: a few thousand cases per algorithm (every kind).
test-signatures:
	$(SIGNATURE_DIFFERENTIAL) --per-alg $${SIGNATURE_CASES:-3000} --seed $${SIGNATURE_SEED:-1}

## The soak (not part of make test): >= 1,000,000 cases per algorithm.
soak-signatures:
	$(SIGNATURE_DIFFERENTIAL) --per-alg $${SIGNATURE_CASES:-1000000} --seed $${SIGNATURE_SEED:-$$(date +%s)}

TEST_TARGETS += test-signatures
