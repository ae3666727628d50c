// A real OpenID provider issuing certificate-bound access tokens (RFC 8705):
// npm oidc-provider (the demo's dependency, from www/node_modules) behind a
// Node `https` server that asks for client certificates. Clients
// authenticate with `tls_client_auth` on the token endpoint
// (client_credentials) and get JWT access tokens; `bound` clients' tokens
// carry `cnf["x5t#S256"]` of the certificate they authenticated with.
import https from "node:https";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import Provider, { errors } from "../../www/node_modules/oidc-provider/lib/index.js";
import { listen } from "../../scripts/envoy/envoy-process.mjs";
import { jwtAccessTokensFor, renderJsonError } from "../../www/server/provider-common.mjs";

export const API = "https://api.mtls.test";

/**
 * Starts the provider on a free loopback port, TLS with `pki.server`,
 * trusting client certificates from `pki.ca`. `clients`: `{ id, cn, bound }`.
 */
export async function startMtlsProvider(pki, clients) {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  // The issuer is set once the port is known: a placeholder server first.
  const server = https.createServer({ cert: pki.server.cert, key: pki.server.key, ca: pki.ca, requestCert: true, rejectUnauthorized: false });
  const port = await listen(server);
  const issuer = `https://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map(({ id, cn, bound }) => ({
      client_id: id,
      token_endpoint_auth_method: "tls_client_auth",
      tls_client_auth_subject_dn: `CN=${cn}`,
      tls_client_certificate_bound_access_tokens: bound,
      id_token_signed_response_alg: "ES256",
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
    })),
    jwks: { keys: [{ ...ec, kid: "op-es256", alg: "ES256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: ["api"],
    clientAuthMethods: ["tls_client_auth"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        // The certificate of this TLS connection (Node's socket), as PEM.
        getCertificate: (ctx) => {
          const raw = ctx.socket.getPeerCertificate?.()?.raw;
          if (!raw) return undefined;
          const base64 = raw.toString("base64").match(/.{1,64}/g).join("\n");
          return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
        },
        certificateAuthorized: (ctx) => ctx.socket.authorized === true,
        certificateSubjectMatches: (ctx, property, expected) =>
          property === "tls_client_auth_subject_dn" && expected === `CN=${ctx.socket.getPeerCertificate().subject.CN}`,
      },
      resourceIndicators: jwtAccessTokensFor(API, errors),
    },
    renderError: renderJsonError,
  });
  server.on("request", provider.callback());
  return {
    issuer,
    port,
    /** The client's access token: client_credentials over TLS with `client` (a `makePki` certificate). */
    async token(id, client) {
      const body = new URLSearchParams({ grant_type: "client_credentials", client_id: id, scope: "api", resource: API }).toString();
      const answer = await call(port, pki, client, "POST", "/token", { "content-type": "application/x-www-form-urlencoded" }, body);
      const json = JSON.parse(answer.body);
      if (!json.access_token) throw new Error(`token endpoint: ${answer.status} ${answer.body}`);
      return json.access_token;
    },
    async jwks() {
      return (await call(port, pki, null, "GET", "/jwks", {}, null)).body;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** One HTTPS request to 127.0.0.1:`port` trusting `pki.ca`, with `client`'s certificate if any. */
export function call(port, pki, client, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const tls = client ? { cert: client.cert, key: client.key } : {};
    const req = https.request({ host: "127.0.0.1", port, method, path, headers, ca: pki.ca, agent: false, ...tls }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}
