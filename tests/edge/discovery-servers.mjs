// Servers for the discovery suites (Envoy, workerd, the npm package):
// - a real OpenID provider (npm oidc-provider, the demo's dependency) whose
//   HTTP server is wrapped to count requests per path, issuing JWT access
//   tokens (RFC 9068) by client credentials;
// - a small issuer of our own whose discovery document changes between
//   refreshes: `state.jwksPath` moves `jwks_uri` (two key sets are
//   served), `state.mode` is `ok`, `down` (503) or `mismatch` (the
//   document names another issuer).
import http from "node:http";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider, { errors } from "../../www/node_modules/oidc-provider/lib/index.js";
import { jwtAccessTokensFor } from "../../www/server/provider-common.mjs";
import { jwks, makeKey } from "./cases.mjs";

export const API = "https://api.discovery.test";
const CLIENT_ID = "discovery-service";
const CLIENT_SECRET = randomBytes(24).toString("base64url");

async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server.address().port;
}

/** Counts one request per path (query excluded). */
function counted(counts, handler) {
  return (req, res) => {
    const path = req.url.split("?")[0];
    counts[path] = (counts[path] ?? 0) + 1;
    handler(req, res);
  };
}

/**
 * oidc-provider on loopback. `token()` gets an ES256 access token for `API`.
 * @returns {Promise<{issuer: string, port: number, counts: Record<string, number>,
 *   token: () => Promise<string>, close: () => Promise<void>}>}
 */
export async function startProvider() {
  const server = http.createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      id_token_signed_response_alg: "ES256",
    }],
    jwks: { keys: [{ ...ec, kid: "op-es256", alg: "ES256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: ["api"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: jwtAccessTokensFor(API, errors),
    },
  });
  const counts = {};
  server.on("request", counted(counts, provider.callback()));
  const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
  return {
    issuer,
    port,
    counts,
    async token() {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: "api", resource: API }),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(`token: ${JSON.stringify(answer)}`);
      return answer.access_token;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/**
 * An issuer whose discovery document tests change. Keys `a` (at /keys-a)
 * and `b` (at /keys-b); the document's `max-age` is `maxAge` seconds.
 */
export async function startMovingIssuer({ maxAge = 2 } = {}) {
  const keys = { a: makeKey("ES256", "moving-a"), b: makeKey("ES256", "moving-b") };
  const state = { jwksPath: "/keys-a", mode: "ok" };
  const counts = {};
  const server = http.createServer(counted(counts, (req, res) => {
    const send = (status, body, cache = "no-cache") => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": cache });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/.well-known/openid-configuration") {
      if (state.mode === "down") return send(503, {});
      const named = state.mode === "mismatch" ? "https://attacker.example" : issuer;
      return send(200, { issuer: named, jwks_uri: `${issuer}${state.jwksPath}` }, `max-age=${maxAge}`);
    }
    if (req.url === "/keys-a") return send(200, jwks(keys.a), "max-age=600");
    if (req.url === "/keys-b") return send(200, jwks(keys.b), "max-age=600");
    return send(404, {});
  }));
  server.keepAliveTimeout = 100;
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    port,
    keys,
    state,
    counts,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/**
 * The four issuers every discovery suite runs against: the real
 * `provider`; `moving`, whose `jwks_uri` moves (its document lives
 * `maxAge` seconds); `mismatch`, whose document names another issuer; and
 * `down` (503). `close()` stops them all.
 */
export async function startIssuers({ maxAge = 2 } = {}) {
  const issuers = {
    provider: await startProvider(),
    moving: await startMovingIssuer({ maxAge }),
    mismatch: await startMovingIssuer(),
    down: await startMovingIssuer(),
  };
  issuers.mismatch.state.mode = "mismatch";
  issuers.down.state.mode = "down";
  return { ...issuers, close: () => Promise.all(Object.values(issuers).map((s) => s.close())) };
}
