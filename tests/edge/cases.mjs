// Shared edge fixture: keys, token minting, the edge configuration and the
// request cases with their expected verdicts. The Envoy filter's end-to-end
// tests run these cases; the edge worker runs the same ones and must give
// identical verdicts.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";

export const ISSUER = "https://issuer.tokenward.test";
export const AUDIENCE = "api://tokenward-test";
export const REALM = "tokenward-test";
export const ALGORITHMS = ["RS256", "ES256", "ES512", "EdDSA"];

const b64url = (data) => Buffer.from(data).toString("base64url");

/** A signing key: private key object + public JWK (with kid/alg/use). */
export function makeKey(alg, kid) {
  const { privateKey, publicKey } =
    alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" })
    : alg === "ES512" ? generateKeyPairSync("ec", { namedCurve: "P-521" })
    : generateKeyPairSync("ed25519");
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg, use: "sig" };
  return { alg, kid, privateKey, jwk };
}

/** Keys for every algorithm, named `rs1`, `es1`, `es5`, `ed1`. */
export function makeKeys() {
  return {
    RS256: makeKey("RS256", "rs1"),
    ES256: makeKey("ES256", "es1"),
    ES512: makeKey("ES512", "es5"),
    EdDSA: makeKey("EdDSA", "ed1"),
  };
}

/**
 * The key of provider `keep` (inline keys, `forward: true`): one per
 * process, so the configuration and the cases built in it agree.
 */
export const FORWARD_KEY = makeKey("EdDSA", "fw1");

export function jwks(...keys) {
  return { keys: keys.map((k) => k.jwk) };
}

/** Signs `claims` with `key`; `header` members override the defaults. */
export function mint(key, claims, header = {}) {
  const h = { alg: key.alg, typ: "JWT", kid: key.kid, ...header };
  const input = `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(claims))}`;
  const digest = key.alg === "EdDSA" ? null : key.alg === "ES512" ? "sha512" : "sha256";
  const options = key.alg.startsWith("ES")
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

/** A fixed revoked-before time, for the boundary case (`iat` equal to it). */
export const REVOKED_BEFORE = 1_700_000_000;

/** The revocation list the cases expect (served at the revocation URI). */
export function revocationList(now) {
  return {
    jti: ["revoked-jti"],
    sub: { "signed-out": now - 5, "signed-out-at": REVOKED_BEFORE },
    sid: { "session-out": REVOKED_BEFORE },
  };
}

/**
 * The edge configuration shared by Envoy and the worker. `jwksUri` and
 * `revocationUri` are served by the test's JWKS server; `cluster` is the
 * Envoy cluster in front of it (the worker ignores it).
 */
export function edgeConfig({ jwksUri, revocationUri, cluster = "jwks", refreshSeconds = 2 }) {
  // Key sets in jwt_authn's form, the revocation list (tokenward's own) flat.
  const jwksSource = {
    http_uri: { uri: jwksUri, cluster, timeout: "0.5s" },
    cache_duration: `${refreshSeconds}s`,
    cooldown_seconds: 1,
  };
  const remote = (uri) => ({ uri, cluster, timeout_ms: 500, cache_duration_seconds: refreshSeconds });
  return {
    realm: REALM,
    providers: {
      main: {
        issuer: ISSUER,
        audiences: [AUDIENCE],
        algorithms: ALGORITHMS,
        remote_jwks: jwksSource,
        from_headers: [{ name: "authorization", value_prefix: "Bearer " }],
        from_cookies: ["tw_session"],
        from_params: ["access_token"],
        claim_to_headers: [
          { header_name: "x-tokenward-roles", claim_name: "roles" },
          { header_name: "x-tokenward-org", claim_name: "org.id" },
        ],
        forward_payload_header: "x-tokenward-payload",
      },
      // Keeps the token for the upstream (`jwt_authn`'s `forward: true`).
      keep: {
        issuer: ISSUER,
        audiences: [AUDIENCE],
        algorithms: ["EdDSA"],
        local_jwks: jwks(FORWARD_KEY),
        from_headers: [{ name: "authorization", value_prefix: "Bearer " }],
        from_cookies: ["keep_session"],
        from_params: ["keep_token"],
        forward: true,
      },
    },
    rules: [
      { match: { prefix: "/health" } },
      { match: { prefix: "/keep" }, requires: { provider_name: "keep" } },
      {
        match: { prefix: "/public" },
        requires: { requires_any: { requirements: [{ provider_name: "main" }, { allow_missing: {} }] } },
      },
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
const invalidRequest = `Bearer realm="${REALM}", error="invalid_request", error_description="multiple_tokens"`;

/**
 * The request cases: `{ name, method?, path, headers, status, challenge?, code?, sub?, absent?,
 * expect?, url?, hidden?, kept?, underscores? }` (`method` defaults to GET; a header value may
 * be an array: one field line each).
 * `status` 200 means forwarded; `sub` is the `x-tokenward-sub` the upstream
 * must see; `absent` lists headers the upstream must not see; `expect` maps
 * headers to the values it must see; `url` is the request target it must
 * see; `hidden` is text (a token) found nowhere in what it receives, `kept`
 * text that must be there. `underscores`: the case sends header names with
 * `_`, which an HTTP connection manager configured as recommended
 * (`headers_with_underscores_action: REJECT_REQUEST`) refuses with 400
 * before any filter runs; without that setting, the filter strips them.
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
  // Issued in the very second of the revocation: revoked (`iat <= time`).
  denied("issued at the revoked-before time", mint(rs, claims(now, { sub: "signed-out-at", iat: REVOKED_BEFORE })), "revoked");
  denied("revoked-before sid", mint(rs, claims(now, { sid: "session-out", iat: REVOKED_BEFORE - 1 })), "revoked");
  // A listed `sid` in another type never passes for "not listed".
  denied("sid not a string", mint(rs, claims(now, { sid: ["session-out"], iat: REVOKED_BEFORE - 1 })), "bad_claim_type");
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
    status: 200, sub: "alice", expect: { "x-tokenward-kind": "user", "x-tokenward-roles": '["reader","writer"]', "x-tokenward-org": "org-7" },
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
  cases.push(...leakCases(keys, now));
  return cases;
}

/** Nothing leaks past the edge, nothing gets spoofed through it. */
function leakCases(keys, now) {
  const good = mint(keys.ES256, claims(now));
  const other = mint(keys.RS256, claims(now));
  const kept = mint(FORWARD_KEY, claims(now));
  const several = (name, path, headers) =>
    ({ name: `more than one token: ${name}`, path, headers, status: 400, challenge: invalidRequest, code: "multiple_tokens" });
  return [
    several("two Authorization fields", "/", { authorization: [`Bearer ${good}`, `Bearer ${other}`] }),
    several("the same token twice", "/", { authorization: [`Bearer ${good}`, `Bearer ${good}`] }),
    several("header and cookie", "/", { ...bearer(good), cookie: `tw_session=${other}` }),
    several("header and query", `/?access_token=${other}`, bearer(good)),
    several("query parameter twice", `/?access_token=${good}&access_token=${other}`, {}),
    several("percent-encoded parameter name", `/?access_token=${good}&access%5Ftoken=${other}`, {}),
    several("even where a token is optional", `/public/x?access_token=${good}`, bearer(other)),
    {
      name: "a query token does not reach the upstream", path: `/items?a=1&access_token=${good}&b=2`, headers: {},
      status: 200, sub: "alice", url: "/items?a=1&b=2", hidden: good,
    },
    {
      name: "a cookie token does not reach the upstream, other cookies do",
      path: "/", headers: { cookie: `a=1; tw_session=${good}; b=2` },
      status: 200, sub: "alice", expect: { cookie: "a=1; b=2" }, hidden: good,
    },
    {
      name: "an Authorization token does not reach the upstream", path: "/", headers: bearer(good),
      status: 200, sub: "alice", absent: ["authorization"], hidden: good,
    },
    {
      name: "forward: true keeps a query token", path: `/keep?keep_token=${kept}&a=1`, headers: {},
      status: 200, sub: "alice", url: `/keep?keep_token=${kept}&a=1`, kept,
    },
    {
      name: "forward: true keeps a cookie token", path: "/keep", headers: { cookie: `keep_session=${kept}; a=1` },
      status: 200, sub: "alice", expect: { cookie: `keep_session=${kept}; a=1` }, kept,
    },
    {
      name: "forward: true keeps an Authorization token", path: "/keep", headers: bearer(kept),
      status: 200, sub: "alice", expect: { authorization: `Bearer ${kept}` }, kept,
    },
    {
      name: "identity headers spelled with underscores are stripped", path: "/",
      headers: { ...bearer(good), x_tokenward_sub: "root", X_Tokenward_Roles: "admin", x_tokenward_provider: "evil" },
      status: 200, sub: "alice", underscores: true,
      absent: ["x_tokenward_sub", "x_tokenward_roles", "x_tokenward_provider"],
      expect: { "x-tokenward-provider": "main" },
    },
    {
      name: "identity headers spelled with underscores are stripped without a rule", path: "/health",
      headers: { x_tokenward_sub: "root", x_tokenward_payload: "e30" },
      status: 200, underscores: true, absent: ["x_tokenward_sub", "x_tokenward_payload", "x-tokenward-sub"],
    },
    {
      name: "array claims stay unambiguous", path: "/",
      headers: bearer(mint(keys.EdDSA, claims(now, { roles: ["user,admin"] }))),
      status: 200, sub: "alice", expect: { "x-tokenward-roles": '["user,admin"]' },
    },
    {
      name: "control characters and non-ASCII never reach a header", path: "/",
      headers: bearer(mint(keys.EdDSA, claims(now, { sub: "José\r\nx-tokenward-kind: service", org: { id: "o\u0000\u007f" } }))),
      status: 200, sub: '"Jos\\u00e9\\r\\nx-tokenward-kind: service"',
      expect: { "x-tokenward-kind": "user", "x-tokenward-org": '"o\\u0000\\u007f"' },
    },
  ];
}
