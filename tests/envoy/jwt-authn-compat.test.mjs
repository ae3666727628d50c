// Side by side in one real Envoy 1.40: each `jwt_authn` configuration below
// (shapes from Envoy's jwt_authn documentation) runs once in Envoy's own
// `jwt_authn` filter and once in tokenward, given the very same JSON (as
// the filter's StringValue). The same requests must get the same verdicts
// and, where claims are copied, the same upstream headers.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { jwks, makeKey, mint } from "../edge/cases.mjs";
import { documentServer, echoServer } from "./servers.mjs";
import { now, send, sleep } from "./client.mjs";

const ISS1 = "https://example.com";
const ISS2 = "provider2";
const AUD = "bookstore_web.apps.googleusercontent.com";
const SVID = "spiffe://spiffe.example.com/bookstore";
const key1 = makeKey("RS256", "k1");
const key2 = makeKey("ES256", "k2");
const stranger = makeKey("RS256", "k1"); // same kid, other key: bad signature

const token = (key, iss, extra = {}) => mint(key, {
  iss, aud: AUD, sub: "alice", iat: now() - 10, exp: now() + 600,
  custom: { tenant: "t-42" }, ...extra,
});
const bearer = (t) => ({ authorization: `Bearer ${t}` });

/** The configurations, given the JWKS server's port (cluster `jwks`). */
function configurations(jwksPort) {
  const remote = {
    http_uri: { uri: `http://127.0.0.1:${jwksPort}/jwks.json`, cluster: "jwks", timeout: "1s" },
    cache_duration: { seconds: 300 },
  };
  const provider1 = { issuer: ISS1, audiences: [AUD], remote_jwks: remote };
  const provider2 = {
    issuer: ISS2, audiences: [AUD],
    local_jwks: { inline_string: JSON.stringify(jwks(key2)) },
    from_params: ["jwt_token"], from_cookies: ["session"],
  };
  return {
    // A remote JWKS provider reading one header, forwarding the token.
    remote_forward: {
      providers: {
        provider1: { ...provider1, from_headers: [{ name: "x-jwt-assertion", value_prefix: "" }], forward: true },
      },
      rules: [{ match: { prefix: "/" }, requires: { provider_name: "provider1" } }],
    },
    // Either provider, or no token at all (camelCase, as the JSON parser
    // also accepts).
    any_or_missing: {
      providers: { provider1, provider2 },
      rules: [{
        match: { prefix: "/" },
        requires: { requiresAny: { requirements: [{ providerName: "provider1" }, { providerName: "provider2" }, { allowMissing: {} }] } },
      }],
    },
    // Rules by prefix and by exact path; a health check without a token; a
    // path where any outcome passes.
    rules: {
      providers: { provider1 },
      rules: [
        { match: { path: "/healthz" } },
        { match: { prefix: "/optional" }, requires: { allow_missing_or_failed: {} } },
        { match: { prefix: "/" }, requires: { provider_name: "provider1" } },
      ],
    },
    // JWT-SVID style: the subject by prefix, exp required, a sized cache.
    svid: {
      providers: {
        provider1: {
          ...provider1,
          subjects: { prefix: "spiffe://spiffe.example.com/" },
          require_expiration: true,
          jwt_cache_config: { jwt_cache_size: 10 },
        },
      },
      rules: [{ match: { prefix: "/" }, requires: { provider_name: "provider1" } }],
    },
    // Claims and the payload copied into upstream headers.
    claims: {
      providers: {
        provider1: {
          ...provider1,
          forward_payload_header: "x-jwt-payload",
          claim_to_headers: [
            { header_name: "x-jwt-sub", claim_name: "sub" },
            { header_name: "x-jwt-tenant", claim_name: "custom.tenant" },
          ],
        },
      },
      rules: [{ match: { prefix: "/" }, requires: { provider_name: "provider1" } }],
    },
  };
}

const jwtAuthn = (config) => ({
  name: "envoy.filters.http.jwt_authn",
  typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication", ...config },
});

let echo, docs, envoy;
const ports = {};

before(async () => {
  echo = await echoServer();
  docs = await documentServer({ jwks: jwks(key1) });
  const adminPort = await freePort();
  const listeners = [];
  for (const [name, config] of Object.entries(configurations(docs.port))) {
    ports[name] = { jwt_authn: await freePort(), tokenward: await freePort() };
    // The very typed_config block jwt_authn gets, "@type" included.
    const pasted = jwtAuthn(config).typed_config;
    listeners.push(listener(`${name}_jwt_authn`, ports[name].jwt_authn, [jwtAuthn(config)]));
    listeners.push(listener(`${name}_tokenward`, ports[name].tokenward, [tokenwardFilter(WASM, pasted)]));
  }
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners,
    clusters: [cluster("upstream", echo.port), cluster("jwks", docs.port)],
  }), { adminPort }).catch((error) => {
    throw new Error(`${error.message}\n${error.output?.slice(-3000)}`);
  });
  // tokenward fetches keys in the background from the start: wait for them.
  for (const name of ["remote_forward", "claims", "svid"]) {
    const headers = name === "remote_forward" ? { "x-jwt-assertion": token(key1, ISS1) }
      : bearer(token(key1, ISS1, name === "svid" ? { sub: SVID } : {}));
    for (let i = 0; (await send(ports[name].tokenward, "/", headers)).status !== 200; i++) {
      if (i > 150) throw new Error(`${name}: tokenward never got its keys`);
      await sleep(100);
    }
  }
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  docs?.server.close();
});

/**
 * Where the two filters answer differently on purpose, the status each one
 * gives: `jwt_authn` answers 403 to a token of the wrong audience,
 * tokenward 401 `invalid_token` (RFC 6750 §3.1: the token is invalid for
 * this resource). Both refuse.
 */
const KNOWN = {
  "wrong audience": { jwt_authn: 403, tokenward: 401 },
  // Without from_headers / from_params, jwt_authn also reads the query
  // parameter access_token; tokenward reads Authorization only (a token in
  // a URL ends up in logs and Referer: RFC 6750 §2.3). Name it in
  // from_params to accept it.
  "access_token in the query, not configured": { jwt_authn: 200, tokenward: 401 },
  // jwt_authn accepts a token without exp unless require_expiration is
  // set; tokenward always requires exp.
  "no exp": { jwt_authn: 200, tokenward: 401 },
};

async function sideBySide(name, cases) {
  for (const [label, path, headers] of cases) {
    const a = await send(ports[name].jwt_authn, path, headers);
    const t = await send(ports[name].tokenward, path, headers);
    const known = KNOWN[label];
    if (known) {
      assert.deepEqual({ jwt_authn: a.status, tokenward: t.status }, known, `${name}: ${label}`);
    } else {
      assert.equal(t.status, a.status, `${name}: ${label}: jwt_authn ${a.status}, tokenward ${t.status}`);
    }
  }
}

const common = (header = bearer) => [
  ["valid", "/", header(token(key1, ISS1))],
  ["expired", "/", header(token(key1, ISS1, { iat: now() - 7200, exp: now() - 3600 }))],
  ["wrong issuer", "/", header(token(key1, "https://other.example"))],
  ["wrong audience", "/", header(token(key1, ISS1, { aud: "someone-else" }))],
  ["missing token", "/", {}],
  ["bad signature", "/", header(token(stranger, ISS1))],
  ["not a token", "/", header("abc.def.ghi")],
];

describe("jwt_authn configurations pasted into tokenward", () => {
  test("remote JWKS, a custom header without prefix, forward: same verdicts, token kept", async () => {
    const header = (t) => ({ "x-jwt-assertion": t });
    await sideBySide("remote_forward", [...common(header), ["in authorization instead", "/", bearer(token(key1, ISS1))]]);
    for (const side of ["jwt_authn", "tokenward"]) {
      const t = token(key1, ISS1);
      const res = await send(ports.remote_forward[side], "/", header(t));
      assert.equal(JSON.parse(res.body).headers["x-jwt-assertion"], t, `${side} forwards the token`);
    }
  });

  test("requires_any of two providers with allow_missing: same verdicts, query and cookie tokens", async () => {
    const t2 = token(key2, ISS2);
    await sideBySide("any_or_missing", [
      ...common().filter(([label]) => label !== "missing token"),
      ["no token passes", "/", {}],
      ["provider2 in the query", `/?jwt_token=${t2}`, {}],
      ["provider2 in a cookie", "/", { cookie: `session=${t2}` }],
      ["provider2 expired in the query", `/?jwt_token=${token(key2, ISS2, { exp: now() - 3600 })}`, {}],
      ["provider1's token in provider2's query", `/?jwt_token=${token(key1, ISS1)}`, {}],
      ["provider2's token where only provider1 reads", "/", bearer(t2)],
    ]);
  });

  test("rules by exact path and prefix, allow_missing_or_failed: same verdicts", async () => {
    const expired = token(key1, ISS1, { exp: now() - 3600 });
    await sideBySide("rules", [
      ...common(),
      ["health, no token", "/healthz", {}],
      ["below health is not health", "/healthz/deep", {}],
      ["optional, no token", "/optional/x", {}],
      ["optional, expired", "/optional/x", bearer(expired)],
      ["optional, valid", "/optional/x", bearer(token(key1, ISS1))],
    ]);
  });

  test("subjects by prefix, require_expiration, jwt_cache_config: same verdicts", async () => {
    const svid = (extra = {}) => bearer(token(key1, ISS1, { sub: SVID, ...extra }));
    await sideBySide("svid", [
      ["valid SVID", "/", svid()],
      ["the same token again (cached)", "/", svid()],
      ["other trust domain", "/", svid({ sub: "spiffe://elsewhere.example/bookstore" })],
      ["prefix without its slash", "/", svid({ sub: "spiffe://spiffe.example.com" })],
      ["not a SPIFFE ID", "/", bearer(token(key1, ISS1))],
      ["expired SVID", "/", svid({ exp: now() - 3600 })],
      ["no exp, required here", "/", bearer(mint(key1, { iss: ISS1, aud: AUD, sub: SVID, iat: now() - 10 }))],
    ]);
  });

  test("claim_to_headers and forward_payload_header: same verdicts, same upstream headers", async () => {
    const noExp = mint(key1, { iss: ISS1, aud: AUD, sub: "alice", iat: now() - 10 });
    await sideBySide("claims", [
      ...common(),
      ["access_token in the query, not configured", `/?access_token=${token(key1, ISS1)}`, {}],
      ["no exp", "/", bearer(noExp)],
    ]);
    const t = token(key1, ISS1);
    const seen = {};
    for (const side of ["jwt_authn", "tokenward"]) {
      const res = await send(ports.claims[side], "/", bearer(t));
      assert.equal(res.status, 200, side);
      const headers = JSON.parse(res.body).headers;
      seen[side] = {
        sub: headers["x-jwt-sub"],
        tenant: headers["x-jwt-tenant"],
        payload: JSON.parse(Buffer.from(headers["x-jwt-payload"], "base64url").toString()),
        token: headers.authorization,
      };
    }
    assert.deepEqual(seen.tokenward, seen.jwt_authn);
    assert.equal(seen.tokenward.sub, "alice");
    assert.equal(seen.tokenward.tenant, "t-42");
    assert.equal(seen.tokenward.token, undefined, "the token is removed (forward: false)");
  });
});
