// Edge fixture for keys and transport, run by the Envoy filter's tests
// (tests/envoy/keys.test.mjs) and the edge worker's (tests/worker/keys.test.mjs)
// with the same verdicts: sender-constrained (`cnf`) tokens refused unless a
// provider opts out, key sets carrying private key material refused, and
// remote sources that must be https:// (loopback and allow_insecure_http
// aside).
import { AUDIENCE, ISSUER, REALM, claims, jwks, mint } from "./cases.mjs";

/** A host name that is not loopback, for the https rule. */
export const REMOTE_HOST = "jwks.tokenward.test";

const DPOP = { jkt: "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" };
const MTLS = { "x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2" };

function provider(jwksSource, extra = {}) {
  return { issuer: ISSUER, audiences: [AUDIENCE], algorithms: ["ES256"], ...jwksSource, ...extra };
}

/**
 * Two providers on the same keys: `strict` (the default: `cnf` refused) on
 * `/`, `lenient` (`accept_sender_constrained_as_bearer`) on `/lenient`.
 * `strictSource` / `lenientSource` are `remote_jwks` objects.
 */
export function keysConfig({ strictSource, lenientSource }) {
  return {
    realm: REALM,
    providers: {
      strict: provider({ remote_jwks: strictSource }),
      lenient: provider({ remote_jwks: lenientSource }, { accept_sender_constrained_as_bearer: true }),
    },
    rules: [
      { match: { prefix: "/lenient" }, requires: { provider_name: "lenient" } },
      { match: { prefix: "/" }, requires: { provider_name: "strict" } },
    ],
  };
}

/** A remote source on loopback (Envoy: through `cluster`). */
export function loopbackSource(port, cluster = "jwks") {
  return { uri: `http://127.0.0.1:${port}/jwks.json`, cluster, timeout_ms: 500, cache_duration_seconds: 2, cooldown_seconds: 1 };
}

/**
 * The set of `key` plus `leakedKey` published with its private half. A
 * token signed with `leakedKey` must never pass: anyone can sign it now.
 */
export function leakedJwks(key, leakedKey) {
  const leaked = { ...leakedKey.privateKey.export({ format: "jwk" }), kid: leakedKey.kid, alg: leakedKey.alg, use: "sig" };
  return { keys: [...jwks(key).keys, leaked] };
}

const challenge = (code) => `Bearer realm="${REALM}", error="invalid_token", error_description="${code}"`;
const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** `{ name, path, headers, status, challenge?, code? }`, like tokenCases. */
export function bindingCases(key, now) {
  const plain = mint(key, claims(now));
  const dpop = mint(key, claims(now, { cnf: DPOP }));
  const mtls = mint(key, claims(now, { cnf: MTLS }));
  const other = mint(key, claims(now, { cnf: { "some-future-method": true } }));
  const refused = (name, token) => ({
    name, path: "/", headers: bearer(token), status: 401, code: "binding_not_verified", challenge: challenge("binding_not_verified"),
  });
  return [
    { name: "a bearer token passes", path: "/", headers: bearer(plain), status: 200 },
    refused("a DPoP-bound token (cnf.jkt) is refused", dpop),
    refused("an mTLS-bound token (cnf.x5t#S256) is refused", mtls),
    refused("any other cnf member is refused", other),
    { name: "the opt-out accepts cnf.jkt", path: "/lenient/x", headers: bearer(dpop), status: 200 },
    { name: "the opt-out accepts cnf.x5t#S256", path: "/lenient/x", headers: bearer(mtls), status: 200 },
  ];
}

/** Configurations every host must refuse, with what the log must say. */
export function refusedConfigs(key, leakedKey) {
  const remote = (uri, extra = {}) => ({ uri, cluster: "jwks", timeout_ms: 500, ...extra });
  return [
    {
      name: "plain http:// to a host that is not loopback",
      config: keysConfig({ strictSource: remote(`http://${REMOTE_HOST}/jwks.json`), lenientSource: remote("https://127.0.0.1/j") }),
      log: /strict: uri "http:\/\/jwks\.tokenward\.test\/jwks\.json" is plain http:\/\/ .*allow_insecure_http/,
    },
    {
      name: "user information in a remote uri",
      config: keysConfig({
        strictSource: remote("http://127.0.0.1@evil.example/jwks.json", { allow_insecure_http: true }),
        lenientSource: remote("https://127.0.0.1/j"),
      }),
      log: /strict: uri .*user information/,
    },
    {
      name: "plain http:// revocation list",
      config: {
        ...keysConfig({ strictSource: remote("https://127.0.0.1/j"), lenientSource: remote("https://127.0.0.1/j") }),
        revocation: { uri: `http://${REMOTE_HOST}/revocations.json`, cluster: "jwks" },
      },
      log: /revocation: uri .* is plain http:\/\/ .*allow_insecure_http/,
    },
    {
      name: "an inline key set carrying a private key",
      config: {
        realm: REALM,
        providers: { strict: provider({ local_jwks: leakedJwks(key, leakedKey) }) },
        rules: [{ match: { prefix: "/" }, requires: { provider_name: "strict" } }],
      },
      log: /provider strict: local_jwks refused: jwks_invalid: .*key 1 \(kid \\?"leaked\\?"\) carries private key material/,
    },
  ];
}
