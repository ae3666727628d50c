// A real OpenID provider for the introspection suites (Envoy and the edge
// worker): npm oidc-provider (the demo's, from www/node_modules) on
// loopback with token introspection (RFC 7662), revocation (RFC 7009) and
// the client-credentials grant, issuing opaque access tokens (its default
// format without resource indicators). Introspection requests are counted
// per token, from the provider's own parsed parameters.
import http from "node:http";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider from "../../www/node_modules/oidc-provider/lib/index.js";
import { renderJsonError } from "../../www/server/provider-common.mjs";

/** The edge's own client: it may only introspect. */
export const EDGE_CLIENT = "edge-gateway";
export const EDGE_SECRET = `edge-secret-${randomBytes(12).toString("hex")}`;
/** A service using the client-credentials grant. */
export const SERVICE_CLIENT = "report-service";
const SERVICE_SECRET = `service-secret-${randomBytes(12).toString("hex")}`;
/** The browser app a user signs in with (a public client). */
export const USER_CLIENT = "spa";
export const USER = "user-42";

const form = (fields) => new URLSearchParams(fields).toString();
const basic = (id, secret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/** Where the provider's introspection endpoint is, and where it can move. */
export const INTROSPECTION_PATH = "/token/introspection";
export const MOVED_INTROSPECTION_PATH = "/moved/introspection";

/**
 * Starts the provider on `port`. `introspections` counts introspection
 * requests per token, `byPath` per path; `down` (settable) answers every
 * introspection 503; `advertised` (settable) is the path its discovery
 * document names as `introspection_endpoint`: MOVED_INTROSPECTION_PATH
 * serves the same endpoint under a second path.
 */
export async function startProvider({ port }) {
  const issuer = `http://127.0.0.1:${port}`;
  const signing = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    // Every client's ID tokens (none are issued here) with the one key.
    clientDefaults: { id_token_signed_response_alg: "ES256" },
    clients: [
      {
        client_id: EDGE_CLIENT, client_secret: EDGE_SECRET,
        grant_types: [], response_types: [], redirect_uris: [],
        token_endpoint_auth_method: "client_secret_basic",
      },
      {
        client_id: SERVICE_CLIENT, client_secret: SERVICE_SECRET,
        grant_types: ["client_credentials"], response_types: [], redirect_uris: [],
        scope: "reports:read",
      },
      {
        client_id: USER_CLIENT, token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"], response_types: ["code"],
        redirect_uris: ["http://127.0.0.1:9/callback"],
      },
    ],
    jwks: { keys: [{ ...signing, kid: "op-es256", alg: "ES256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: ["openid", "reports:read"],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    ttl: { AccessToken: 600, ClientCredentials: 600 },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
    },
    renderError: renderJsonError,
  });
  const state = { introspections: new Map(), byPath: new Map(), down: false, advertised: INTROSPECTION_PATH };
  provider.use(async (ctx, next) => {
    if (ctx.path === "/.well-known/openid-configuration") {
      await next();
      if (ctx.body?.introspection_endpoint) ctx.body.introspection_endpoint = `${issuer}${state.advertised}`;
      return;
    }
    if (ctx.path === INTROSPECTION_PATH || ctx.path === MOVED_INTROSPECTION_PATH) {
      state.byPath.set(ctx.path, (state.byPath.get(ctx.path) ?? 0) + 1);
      ctx.path = INTROSPECTION_PATH;
    }
    if (ctx.path === "/token/introspection" && state.down) {
      ctx.status = 503;
      ctx.body = { error: "temporarily_unavailable" };
      return;
    }
    await next();
    const token = ctx.oidc?.params?.token;
    if (ctx.path === "/token/introspection" && token) {
      state.introspections.set(token, (state.introspections.get(token) ?? 0) + 1);
    }
  });
  const server = http.createServer(provider.callback());
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  const call = async (path, fields, authorization) => {
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    if (authorization) headers.authorization = authorization;
    const res = await fetch(`${issuer}${path}`, { method: "POST", headers, body: form(fields) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  return {
    issuer,
    state,
    introspectionEndpoint: `${issuer}/token/introspection`,
    /** A client-credentials access token (opaque), over the token endpoint. */
    async serviceToken() {
      const answer = await call("/token", { grant_type: "client_credentials", scope: "reports:read" },
        basic(SERVICE_CLIENT, SERVICE_SECRET));
      return answer.access_token;
    },
    /**
     * A user's access token (opaque), issued by the provider's own models
     * as its authorization-code grant would (grant, then token), without
     * driving a sign-in page.
     */
    async userToken() {
      const grant = new provider.Grant({ accountId: USER, clientId: USER_CLIENT });
      grant.addOIDCScope("openid");
      const grantId = await grant.save();
      const client = await provider.Client.find(USER_CLIENT);
      const token = new provider.AccessToken({
        accountId: USER, client, grantId, scope: "openid", gty: "authorization_code",
      });
      return token.save();
    },
    /** RFC 7009 revocation by the token's own client. */
    async revokeServiceToken(token) {
      await call("/token/revocation", { token, token_type_hint: "access_token" },
        basic(SERVICE_CLIENT, SERVICE_SECRET));
    },
    async revokeUserToken(token) {
      await call("/token/revocation", { token, token_type_hint: "access_token", client_id: USER_CLIENT });
    },
    /** What the provider itself answers (for the test's own checks). */
    async introspect(token) {
      return call("/token/introspection", { token }, basic(EDGE_CLIENT, EDGE_SECRET));
    },
    introspectionsOf(token) {
      return state.introspections.get(token) ?? 0;
    },
    /** Introspection requests received at `path`. */
    introspectionsAt(path) {
      return state.byPath.get(path) ?? 0;
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((ok) => server.close(ok));
    },
  };
}
