// Several issuers behind one edge provider, with real OpenID providers
// (npm oidc-provider, the demo's, in this process): A and B, each with its
// own keys, and two tenants of one multi-tenant provider (issuer
// `http://127.0.0.1:PORT/<tenant>/v2.0`, `tid` added by extraTokenClaims,
// one key set for every tenant). Tokens are real client-credentials JWT
// access tokens; the forgeries re-sign a real token's payload. The Envoy
// filter (tests/envoy/issuers.test.mjs), workerd
// (tests/worker/issuers.test.mjs) and the packed package in Node
// (tests/npm/issuers.test.mjs) run these cases and must agree.
import http from "node:http";
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import Provider, { errors } from "../../www/node_modules/oidc-provider/lib/index.js";
import { jwtAccessTokensFor } from "../../www/server/provider-common.mjs";
import { freePort } from "../../scripts/free-port.mjs";

export const API = "https://api.issuers.test";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const OTHER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const CLIENT = { client_id: "issuers-service", client_secret: "issuers-secret" };

/**
 * Every provider names its key `es256`: a key is found by `kid`, so only
 * the choice of key set by `iss` keeps one provider's key from verifying
 * another's tokens (a forged token gets `bad_signature`, not `unknown_kid`).
 */
function signingKeys(kid = "es256") {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  return { keys: [{ ...ec, kid, alg: "ES256", use: "sig" }] };
}

/**
 * One provider on loopback at `port`, issuing as `issuerPort` (default:
 * its own) and `path`; `tid` added when given.
 */
async function startOne({ port, issuerPort = port, path = "", keys, tid }) {
  const issuer = `http://127.0.0.1:${issuerPort}${path}`;
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, grant_types: ["client_credentials"], response_types: [], redirect_uris: [], scope: "api", id_token_signed_response_alg: "ES256" }],
    jwks: keys,
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: ["api"],
    ttl: { ClientCredentials: 600 },
    extraTokenClaims: () => (tid ? { tid } : undefined),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: jwtAccessTokensFor(API, errors),
    },
  });
  const handle = provider.callback();
  // The provider's routes answer at the root; the issuer's path (the
  // tenant) is only what its tokens say.
  const server = http.createServer((req, res) => {
    if (path && req.url.startsWith(path)) req.url = req.url.slice(path.length) || "/";
    handle(req, res);
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  return {
    issuer,
    jwksUri: `http://127.0.0.1:${port}/jwks`,
    port,
    privateJwk: keys.keys[0],
    async token() {
      const res = await fetch(`http://127.0.0.1:${port}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: "api", resource: API, ...CLIENT }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/**
 * A and B (own keys), and two tenants of one template provider (shared
 * keys): `{ a, b, tenant, otherTenant, close }`.
 */
export async function startProviders() {
  const tenantKeys = signingKeys();
  const a = await startOne({ port: await freePort(), keys: signingKeys() });
  const b = await startOne({ port: await freePort(), keys: signingKeys() });
  const tenantPort = await freePort();
  const tenant = await startOne({ port: tenantPort, path: `/${TENANT}/v2.0`, keys: tenantKeys, tid: TENANT });
  const otherTenant = await startOne({
    port: await freePort(), issuerPort: tenantPort, path: `/${OTHER_TENANT}/v2.0`, keys: tenantKeys, tid: OTHER_TENANT,
  });
  return {
    a, b, tenant, otherTenant,
    // Every tenant's issuer is on the first tenant provider's host: the
    // other tenant's provider signs as that host too.
    template: `http://127.0.0.1:${tenantPort}/{tenantid}/v2.0`,
    close: () => Promise.all([a, b, tenant, otherTenant].map((p) => p.close())),
  };
}

const b64url = (data) => Buffer.from(data).toString("base64url");
const decode = (segment) => JSON.parse(Buffer.from(segment, "base64url").toString());

/** `token`'s payload (changed by `edit`) signed with `jwk` under its kid. */
export function resign(token, jwk, edit = (claims) => claims) {
  const [, payload] = token.split(".");
  const header = b64url(JSON.stringify({ alg: "ES256", typ: "at+jwt", kid: jwk.kid }));
  const body = b64url(JSON.stringify(edit(decode(payload))));
  const key = createPrivateKey({ key: jwk, format: "jwk" });
  const signature = sign("sha256", Buffer.from(`${header}.${body}`), { key, dsaEncoding: "ieee-p1363" });
  return `${header}.${body}.${b64url(signature)}`;
}

/**
 * The edge configuration: one provider `idp` with three issuer entries;
 * `source(provider, clusterName)` writes each entry's `remote_jwks`.
 */
export function issuersConfig(p, source) {
  return {
    realm: "issuers",
    providers: {
      idp: {
        audiences: [API],
        algorithms: ["ES256"],
        issuers: [
          { issuer: p.a.issuer, remote_jwks: source(p.a, "idp_a") },
          { issuer: p.b.issuer, remote_jwks: source(p.b, "idp_b") },
          { issuer: p.template, tenants: [TENANT], remote_jwks: source(p.tenant, "idp_tenant") },
        ],
      },
    },
    rules: [{ match: { prefix: "/" }, requires: { provider_name: "idp" } }],
  };
}

/** The requests and their verdicts: `{ name, token, status, code }`. */
export async function issuerCases(p) {
  const [a, b, tenant, other] = await Promise.all([p.a.token(), p.b.token(), p.tenant.token(), p.otherTenant.token()]);
  const unknown = resign(a, p.a.privateJwk, (c) => ({ ...c, iss: "http://127.0.0.1:9/unknown" }));
  return [
    { name: "A's token passes", token: a, status: 200, sub: CLIENT.client_id },
    { name: "B's token passes", token: b, status: 200, sub: CLIENT.client_id },
    { name: "an allowed tenant's token passes", token: tenant, status: 200, sub: CLIENT.client_id },
    { name: "A's token re-signed with B's key is refused", token: resign(a, p.b.privateJwk), status: 401, code: "bad_signature" },
    { name: "B's token re-signed with A's key is refused", token: resign(b, p.a.privateJwk), status: 401, code: "bad_signature" },
    {
      name: "A's token re-signed with the tenants' key is refused",
      token: resign(a, p.tenant.privateJwk), status: 401, code: "bad_signature",
    },
    { name: "an unknown issuer is refused", token: unknown, status: 401, code: "bad_issuer" },
    { name: "a tenant outside the allowlist is refused", token: other, status: 401, code: "tenant_not_allowed" },
    {
      // The other tenant, with the template's own key, claims the allowed
      // tenant in `tid` but keeps its own `iss`.
      name: "a tid that is not the iss's tenant is refused",
      token: resign(other, p.tenant.privateJwk, (c) => ({ ...c, tid: TENANT })),
      status: 401, code: "issuer_tenant_mismatch",
    },
    {
      name: "a tid that would reshape the issuer is refused",
      token: resign(tenant, p.tenant.privateJwk, (c) => ({ ...c, tid: `${TENANT}/v2.0`, iss: p.template.replace("{tenantid}", `${TENANT}/v2.0`) })),
      status: 401, code: "issuer_tenant_mismatch",
    },
  ];
}
