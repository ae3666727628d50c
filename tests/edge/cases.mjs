// Shared edge fixture: keys, token minting, the edge configuration and the
// request cases with their expected verdicts. The Envoy filter's end-to-end
// tests run these cases; the edge worker (issue 6) runs the same ones and
// must give identical verdicts.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";

export const ISSUER = "https://issuer.tokenward.test";
export const AUDIENCE = "api://tokenward-test";
export const REALM = "tokenward-test";
export const ALGORITHMS = ["RS256", "ES256", "EdDSA"];

const b64url = (data) => Buffer.from(data).toString("base64url");

/** A signing key: private key object + public JWK (with kid/alg/use). */
export function makeKey(alg, kid) {
  const { privateKey, publicKey } =
    alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" })
    : generateKeyPairSync("ed25519");
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg, use: "sig" };
  return { alg, kid, privateKey, jwk };
}

/** Keys for every algorithm, named `rs1`, `es1`, `ed1`. */
export function makeKeys() {
  return {
    RS256: makeKey("RS256", "rs1"),
    ES256: makeKey("ES256", "es1"),
    EdDSA: makeKey("EdDSA", "ed1"),
  };
}

export function jwks(...keys) {
  return { keys: keys.map((k) => k.jwk) };
}

/** Signs `claims` with `key`; `header` members override the defaults. */
export function mint(key, claims, header = {}) {
  const h = { alg: key.alg, typ: "JWT", kid: key.kid, ...header };
  const input = `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(claims))}`;
  const digest = key.alg === "EdDSA" ? null : "sha256";
  const options = key.alg === "ES256"
    ? { key: key.privateKey, dsaEncoding: "ieee-p1363" }
    : key.privateKey;
  return `${input}.${b64url(sign(digest, Buffer.from(input), options))}`;
}

export function claims(now, extra = {}) {
  return {
    iss: ISSUER, aud: AUDIENCE, sub: "alice", iat: now - 10, exp: now + 600,
    jti: createHash("sha256").update(`${Math.random()}`).digest("hex").slice(0, 16),
    roles: ["reader", "writer"], org: { id: "org-7" },
    ...extra,
  };
}

/** The revocation list the cases expect (served at the revocation URI). */
export function revocationList(now) {
  return { jti: ["revoked-jti"], sub: { "signed-out": now - 5 } };
}

/**
 * The edge configuration shared by Envoy and the worker. `jwksUri` and
 * `revocationUri` are served by the test's JWKS server; `cluster` is the
 * Envoy cluster in front of it (the worker ignores it).
 */
export function edgeConfig({ jwksUri, revocationUri, cluster = "jwks", refreshSeconds = 2 }) {
  const remote = (uri) => ({ uri, cluster, timeout_ms: 500, cache_duration_seconds: refreshSeconds });
  return {
    realm: REALM,
    providers: {
      main: {
        issuer: ISSUER,
        audiences: [AUDIENCE],
        algorithms: ALGORITHMS,
        remote_jwks: { ...remote(jwksUri), cooldown_seconds: 1 },
        from_headers: [{ name: "authorization", value_prefix: "Bearer " }],
        from_cookies: ["tw_session"],
        from_params: ["access_token"],
        claim_to_headers: [
          { header_name: "x-tokenward-roles", claim_name: "roles" },
          { header_name: "x-tokenward-org", claim_name: "org.id" },
        ],
        forward_payload_header: "x-tokenward-payload",
      },
    },
    rules: [
      { match: { prefix: "/health" } },
      { match: { prefix: "/public" }, requires: { allow_missing: ["main"] } },
      { match: { prefix: "/" }, requires: { provider_name: "main" } },
    ],
    revocation: { ...remote(revocationUri), fail_open: false },
    cache_size: 1000,
    bypass_cors_preflight: true,
  };
}

const challenge = (code) =>
  `Bearer realm="${REALM}", error="invalid_token", error_description="${code}"`;
const bearer = (token) => ({ authorization: `Bearer ${token}` });

/**
 * The request cases: `{ name, method?, path, headers, status, challenge?, code?, sub?, absent? }`
 * (`method` defaults to GET).
 * `status` 200 means forwarded; `sub` is the `x-tokenward-sub` the upstream
 * must see; `absent` lists headers the upstream must not see.
 */
export function tokenCases(keys, now) {
  const cases = [];
  for (const alg of ALGORITHMS) {
    cases.push({ name: `valid ${alg}`, path: "/", headers: bearer(mint(keys[alg], claims(now))), status: 200, sub: "alice" });
  }
  const rs = keys.RS256;
  const other = makeKey("RS256", "rs1");
  const none = `${b64url(JSON.stringify({ alg: "none", kid: "rs1" }))}.${b64url(JSON.stringify(claims(now)))}.`;
  const denied = (name, token, code) =>
    cases.push({ name, path: "/", headers: bearer(token), status: 401, challenge: challenge(code), code });
  denied("expired", mint(rs, claims(now, { iat: now - 7200, exp: now - 3600 })), "expired");
  denied("wrong audience", mint(rs, claims(now, { aud: "api://other" })), "bad_audience");
  denied("wrong issuer", mint(rs, claims(now, { iss: "https://evil.test" })), "bad_issuer");
  denied("bad signature", mint(other, claims(now)), "bad_signature");
  denied("alg none", none, "alg_not_allowed");
  denied("unknown kid", mint(makeKey("ES256", "nope"), claims(now)), "unknown_kid");
  denied("garbage", "not-a-token", "malformed");
  denied("revoked jti", mint(rs, claims(now, { jti: "revoked-jti" })), "revoked");
  denied("revoked-before sub", mint(rs, claims(now, { sub: "signed-out", iat: now - 60 })), "revoked");
  cases.push({ name: "missing token", path: "/", headers: {}, status: 401, challenge: `Bearer realm="${REALM}"`, code: "missing" });
  cases.push({ name: "basic auth is no token", path: "/", headers: { authorization: "Basic YTpi" }, status: 401, challenge: `Bearer realm="${REALM}"`, code: "missing" });
  const good = mint(keys.ES256, claims(now));
  cases.push({ name: "signed in after revoked-before", path: "/", headers: bearer(mint(rs, claims(now, { sub: "signed-out", iat: now }))), status: 200, sub: "signed-out" });
  cases.push({ name: "lower-case bearer", path: "/", headers: { authorization: `bearer ${good}` }, status: 200, sub: "alice" });
  cases.push({ name: "cookie", path: "/", headers: { cookie: `a=1; tw_session=${good}` }, status: 200, sub: "alice" });
  cases.push({ name: "query parameter", path: `/items?access_token=${good}`, headers: {}, status: 200, sub: "alice" });
  cases.push({
    name: "spoofed identity headers are replaced",
    path: "/", headers: { ...bearer(good), "x-tokenward-sub": "root", "x-tokenward-kind": "service", "x-tokenward-roles": "admin" },
    status: 200, sub: "alice", expect: { "x-tokenward-kind": "user", "x-tokenward-roles": "reader,writer", "x-tokenward-org": "org-7" },
  });
  cases.push({
    name: "spoofed identity headers are stripped without a rule",
    path: "/health", headers: { "x-tokenward-sub": "root", "x-tokenward-payload": "e30" },
    status: 200, absent: ["x-tokenward-sub", "x-tokenward-payload"],
  });
  cases.push({ name: "allow missing", path: "/public/x", headers: { "x-tokenward-sub": "root" }, status: 200, absent: ["x-tokenward-sub"] });
  cases.push({ name: "allow missing, invalid token", path: "/public/x", headers: bearer("a.b.c"), status: 401, challenge: challenge("malformed"), code: "malformed" });
  const preflight = { origin: "https://app.tokenward.test", "access-control-request-method": "POST" };
  cases.push({
    name: "CORS preflight passes without a token", method: "OPTIONS", path: "/",
    headers: { ...preflight, "x-tokenward-sub": "root" }, status: 200, absent: ["x-tokenward-sub"],
  });
  cases.push({
    name: "OPTIONS that is no preflight needs a token", method: "OPTIONS", path: "/",
    headers: { origin: preflight.origin }, status: 401, challenge: `Bearer realm="${REALM}"`, code: "missing",
  });
  cases.push({
    name: "service identity", path: "/",
    headers: bearer(mint(rs, claims(now, { sub: "billing-job", client_id: "billing-job" }))),
    status: 200, sub: "billing-job", expect: { "x-tokenward-kind": "service" },
  });
  return cases;
}
