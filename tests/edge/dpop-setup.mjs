// The DPoP scaffolding both edges' suites share (tests/envoy/dpop.test.mjs,
// tests/worker/dpop.test.mjs): one issuer and its key, tokens bound to a
// client key, and the edge configuration with a plain and a nonce-requiring
// DPoP provider. The cases themselves are in dpop-cases.mjs.
import { jwks, makeKey, mint } from "./cases.mjs";
import { NONCE_SECRET } from "./dpop-cases.mjs";

export const ISS = "https://issuer.test";
export const issuerKey = makeKey("ES256", "k1");
const now = () => Math.floor(Date.now() / 1000);

/** A token for alice bound (`cnf.jkt`) to the client key `key`, valid for 10 minutes. */
export const boundTo = (key) =>
  mint(issuerKey, { iss: ISS, sub: "alice", iat: now(), exp: now() + 600, cnf: { jkt: key.jkt } });

/** Provider `main` (ES256 and EdDSA proofs) for every path, `nonced` (server nonces) under /nonced/. */
export function dpopEdgeConfig() {
  const provider = { issuer: ISS, local_jwks: { inline_string: JSON.stringify(jwks(issuerKey)) } };
  return {
    providers: {
      main: { ...provider, dpop: { algorithms: ["ES256", "EdDSA"] } },
      nonced: { ...provider, dpop: { require_nonce: true, nonce_secret: NONCE_SECRET } },
    },
    rules: [
      { match: { prefix: "/nonced/" }, requires: { provider_name: "nonced" } },
      { match: { prefix: "/" }, requires: { provider_name: "main" } },
    ],
  };
}
